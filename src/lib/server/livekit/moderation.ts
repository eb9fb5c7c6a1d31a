import { DataPacket_Kind, TrackSource, type RoomServiceClient } from 'livekit-server-sdk';
import type { Db } from '#lib/server/db/index.ts';
import { requireCohortFacilitator, type Actor } from '#lib/server/auth/policy.ts';
import { DomainError, notFound } from '#lib/server/http/errors.ts';
import { TOPIC_MOVE, type ModerationRequest } from '#lib/room/contract.ts';
import { activityRoomName, breakoutRoomName } from './room-names.ts';

/** The activity, checked to be run by this facilitator. */
async function facilitatedActivity(db: Db, actor: Actor, activityId: string) {
	const activity = await db.selectFrom('activity').selectAll().where('id', '=', activityId).executeTakeFirst();
	if (!activity) throw notFound(`activity ${activityId}`);
	await requireCohortFacilitator(db, actor, activity.cohort_id);
	if (activity.kind !== 'live') throw new DomainError(404, 'room_not_live', `activity ${activityId} is not live`);
	return { ...activity, room_name: activity.room_name ?? activityRoomName(activity.id) };
}

/** Every room of the activity: the main room and its breakout rooms still assigned. */
async function activityRooms(db: Db, activity: { id: string; room_name: string }) {
	const groups = await db
		.selectFrom('breakout')
		.select('room_name')
		.distinct()
		.where('activity_id', '=', activity.id)
		.execute();
	return [activity.room_name, ...groups.map((g) => g.room_name)];
}

/** Rooms on the LiveKit server that are gone just have nobody in them. */
async function participantsOf(rooms: RoomServiceClient, roomName: string) {
	try {
		return await rooms.listParticipants(roomName);
	} catch (e) {
		if (/not.?found|does not exist/i.test(String((e as Error).message))) return [];
		throw new DomainError(503, 'room_server_unavailable', `listParticipants ${roomName}: ${(e as Error).message}`);
	}
}

/** A facilitator mutes someone's microphone or removes them from the activity's rooms. */
export async function moderate(
	db: Db,
	rooms: RoomServiceClient,
	actor: Actor,
	activityId: string,
	request: ModerationRequest
) {
	const activity = await facilitatedActivity(db, actor, activityId);
	for (const roomName of await activityRooms(db, activity)) {
		const person = (await participantsOf(rooms, roomName)).find((p) => p.identity === request.identity);
		if (!person) continue;
		if (request.action === 'remove') {
			await rooms.removeParticipant(roomName, request.identity);
		} else {
			for (const track of person.tracks.filter((t) => t.source === TrackSource.MICROPHONE && !t.muted)) {
				await rooms.mutePublishedTrack(roomName, request.identity, track.sid, true);
			}
		}
		return;
	}
	throw new DomainError(404, 'room_person_not_here', `${request.identity} is in no room of activity ${activityId}`);
}

/** Tells every client in these rooms to fetch a new ticket (they move to the room it names). */
async function announceMove(rooms: RoomServiceClient, roomNames: string[]) {
	const payload = new TextEncoder().encode(JSON.stringify({ at: Date.now() }));
	for (const roomName of roomNames) {
		try {
			await rooms.sendData(roomName, payload, DataPacket_Kind.RELIABLE, { topic: TOPIC_MOVE });
		} catch {
			// An empty or finished room has nobody to tell; clients also poll their ticket.
		}
	}
}

/**
 * Splits the participants connected to the main room into `groups` breakout rooms (round robin, in
 * the order they joined), or with `groups` = 0 brings everyone back. LiveKit's open-source server
 * cannot move participants, so each client is told to fetch a new ticket and reconnect.
 * Returns the groups as lists of identities.
 */
export async function setBreakouts(
	db: Db,
	rooms: RoomServiceClient,
	actor: Actor,
	activityId: string,
	groups: number,
	now = Date.now()
) {
	const activity = await facilitatedActivity(db, actor, activityId);
	const before = await activityRooms(db, activity);
	if (groups === 0) {
		await db.deleteFrom('breakout').where('activity_id', '=', activity.id).execute();
		await announceMove(rooms, before);
		return [];
	}
	// Everyone connected to any of the activity's rooms, facilitators excepted.
	const connected = new Set<string>();
	for (const roomName of before) for (const p of await participantsOf(rooms, roomName)) connected.add(p.identity);
	const participants = await db
		.selectFrom('cohort_member')
		.select('user_id')
		.where('cohort_id', '=', activity.cohort_id)
		.where('role', '=', 'participant')
		.where('user_id', 'in', connected.size ? [...connected] : [''])
		.orderBy('joined_at')
		.execute();
	if (participants.length < groups)
		throw new DomainError(409, 'room_breakout_too_few', `${participants.length} participants for ${groups} groups`);
	const split: string[][] = Array.from({ length: groups }, () => []);
	participants.forEach((p, i) => split[i % groups].push(p.user_id));
	await db.transaction().execute(async (trx) => {
		await trx.deleteFrom('breakout').where('activity_id', '=', activity.id).execute();
		await trx
			.insertInto('breakout')
			.values(
				split.flatMap((ids, g) =>
					ids.map((userId) => ({
						activity_id: activity.id,
						user_id: userId,
						group_number: g + 1,
						room_name: breakoutRoomName(activity.id, g + 1),
						created_at: now
					}))
				)
			)
			.execute();
	});
	await announceMove(rooms, before);
	return split;
}
