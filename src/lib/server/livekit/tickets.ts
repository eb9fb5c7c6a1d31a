import { AccessToken, TrackSource } from 'livekit-server-sdk';
import type { Db } from '#lib/server/db/index.ts';
import { requireCohortMember, type Actor } from '#lib/server/auth/policy.ts';
import type { Activity } from '#lib/server/db/schema.ts';
import { DomainError, notFound } from '#lib/server/http/errors.ts';
import type { RoomTicket } from '#lib/room/contract.ts';
import { liveNodeUrl, type LivekitConfig } from './config.ts';
import { activityRoomName, salonRoomName } from './room-names.ts';
import { clock } from '#lib/server/clock.ts';

/** Participants may come in 15 minutes before the start; facilitators an hour before, to set up. */
export const OPENS_BEFORE_MS = { participant: 15 * 60_000, facilitator: 60 * 60_000 } as const;
/** Rooms stay open 30 minutes after the planned end (sessions overrun). */
export const CLOSES_AFTER_MS = 30 * 60_000;
/** Join tokens are short-lived; LiveKit refreshes them for connected clients. */
export const TOKEN_TTL_SECONDS = 10 * 60;

export type RoomRequest = { activityId: string } | { cohortId: string };

/** The live activity a member may enter, or a refusal that says why (closed, not live, cancelled). */
export async function roomActivity(db: Db, actor: Actor, activityId: string, now = clock.now()) {
	const activity = await db.selectFrom('activity').selectAll().where('id', '=', activityId).executeTakeFirst();
	if (!activity) throw notFound(`activity ${activityId}`);
	const { cohort, access } = await requireCohortMember(db, actor, activity.cohort_id);
	if (activity.kind !== 'live' || activity.cancelled_at !== null)
		throw new DomainError(404, 'room_not_live', `activity ${activityId} has no live room`);
	return { activity, cohort, access, ...joinWindow(activity, access, now) };
}

/**
 * When the room of a live activity lets a member in: from 15 minutes before its start (an hour for
 * its facilitators) to 30 minutes after its end. The room page, the tickets and /me's "Rejoindre" use it.
 */
export function joinWindow(
	activity: Pick<Activity, 'starts_at' | 'duration_minutes'>,
	access: 'facilitator' | 'participant',
	now = clock.now()
) {
	const opensAt = activity.starts_at - OPENS_BEFORE_MS[access];
	const closesAt = activity.starts_at + activity.duration_minutes * 60_000 + CLOSES_AFTER_MS;
	return { opensAt, closesAt, open: now >= opensAt && now <= closesAt };
}

/** The cohort whose salon a member may enter (any time: the salon is always open to its members). */
export async function salonCohort(db: Db, actor: Actor, cohortId: string) {
	return requireCohortMember(db, actor, cohortId);
}

/** Refuses anyone who may not take part in this room (any time: the window only limits joining). */
export async function requireRoomMember(db: Db, actor: Actor, request: RoomRequest): Promise<void> {
	if ('activityId' in request) await roomActivity(db, actor, request.activityId);
	else await salonCohort(db, actor, request.cohortId);
}

/**
 * The room this member is in now (the activity's main room, their breakout group, or the cohort's
 * salon), how they take part there, and whether the activity's window is open (the salon always is).
 */
export async function memberRoom(db: Db, actor: Actor, request: RoomRequest, now = clock.now()) {
	if (!('activityId' in request)) {
		const { access } = await salonCohort(db, actor, request.cohortId);
		return {
			roomName: salonRoomName(request.cohortId),
			breakout: null,
			access,
			cohortId: request.cohortId,
			open: true
		};
	}
	const room = await roomActivity(db, actor, request.activityId, now);
	const group = await db
		.selectFrom('breakout')
		.select(['room_name', 'group_number'])
		.where('activity_id', '=', room.activity.id)
		.where('user_id', '=', actor.id)
		.executeTakeFirst();
	return {
		roomName: group?.room_name ?? room.activity.room_name ?? activityRoomName(room.activity.id),
		breakout: group?.group_number ?? null,
		access: room.access,
		cohortId: room.activity.cohort_id,
		open: room.open
	};
}

/**
 * A join token for the room this member must be in now: the activity's main room, their breakout
 * group, or the cohort's salon. Refused outside the activity's window, to non-members and to staff
 * who only oversee the cohort. Participants publish camera and microphone only (no screen share)
 * and are never room admins; facilitators are. Nobody may change their own name, metadata or attributes.
 */
export async function issueTicket(
	db: Db,
	config: LivekitConfig,
	actor: Actor,
	request: RoomRequest,
	now = clock.now()
): Promise<RoomTicket> {
	const { roomName, breakout, access, open } = await memberRoom(db, actor, request, now);
	if (!open) throw new DomainError(403, 'room_closed', `${roomName} is closed at ${now}`);
	const token = new AccessToken(config.apiKey, config.apiSecret, {
		identity: actor.id,
		name: actor.first_name,
		ttl: TOKEN_TTL_SECONDS,
		metadata: JSON.stringify({ role: access })
	});
	const facilitator = access === 'facilitator';
	token.addGrant({
		roomJoin: true,
		room: roomName,
		canPublish: true,
		canSubscribe: true,
		canPublishData: true,
		// Names, roles, hands, pins and modes are set by the server only (issue 16): a page that could edit its
		// own metadata or attributes could show a facilitator badge or pin itself for everyone.
		canUpdateOwnMetadata: false,
		canPublishSources: facilitator
			? [TrackSource.CAMERA, TrackSource.MICROPHONE, TrackSource.SCREEN_SHARE, TrackSource.SCREEN_SHARE_AUDIO]
			: [TrackSource.CAMERA, TrackSource.MICROPHONE],
		roomAdmin: facilitator
	});
	// The node that answers now (another one when a node of a multi-node LiveKit is down).
	const url = (await liveNodeUrl(config)) ?? config.url;
	return { url, token: await token.toJwt(), roomName, identity: actor.id, breakout };
}
