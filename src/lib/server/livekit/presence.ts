import type { Db } from '#lib/server/db/index.ts';
import { newId } from '#lib/server/db/ids.ts';
import { recomputeAttendances } from '#lib/server/attendance/attendance.ts';
import { parseRoomName } from './room-names.ts';
import { clock } from '#lib/server/clock.ts';
import { markRollupPending, markRollupsPending } from '#lib/server/insights/rollups.ts';

/** Where a room belongs, when `userId` is a member of that cohort; null for rooms or people we do not know. */
export async function placeOf(db: Db, roomName: string, userId: string) {
	const target = parseRoomName(roomName);
	if (!target) return null;
	if (target.kind === 'activity') {
		// The activity and the person's membership of its cohort, in one read (every join webhook asks).
		const activity = await db
			.selectFrom('activity')
			.innerJoin('cohort_member', 'cohort_member.cohort_id', 'activity.cohort_id')
			.select(['activity.id', 'activity.cohort_id'])
			.where('activity.id', '=', target.activityId)
			.where('cohort_member.user_id', '=', userId)
			.executeTakeFirst();
		return activity ? { cohortId: activity.cohort_id, activityId: activity.id, kind: target.kind } : null;
	}
	const member = await db
		.selectFrom('cohort_member')
		.select('user_id')
		.where('cohort_id', '=', target.cohortId)
		.where('user_id', '=', userId)
		.executeTakeFirst();
	return member ? { cohortId: target.cohortId, activityId: null, kind: target.kind } : null;
}

/** The person has an open presence in that room (joined, not yet left). */
export async function isPresent(db: Db, roomName: string, userId: string): Promise<boolean> {
	const open = await db
		.selectFrom('presence')
		.select('id')
		.where('room_name', '=', roomName)
		.where('user_id', '=', userId)
		.where('left_at', 'is', null)
		.executeTakeFirst();
	return open !== undefined;
}

/** What a person's joining or leaving leaves to settle once the write's presences are done: see settlePresences. */
export interface PresenceChange {
	roomName: string;
	userId: string;
	activityId: string | null;
}

/**
 * Brings what follows from presences up to date after these changes, once per person and activity whatever
 * their number: the attendance of activities, the salon's informal time for the director's figures.
 */
export async function settlePresences(db: Db, changes: PresenceChange[], now: number): Promise<void> {
	await recomputeAttendances(db, changes, now);
	await markRollupsPending(
		db,
		changes.flatMap((c) => {
			const target = parseRoomName(c.roomName);
			return target?.kind === 'salon' ? [{ cohortId: target.cohortId, source: c.userId }] : [];
		}),
		now
	);
}

/** Salon presences make the cohort's informal time (everyone's: moments are shared); `source`: who or what changed. */
async function afterSalonChange(db: Db, roomName: string, source: string, now: number) {
	const target = parseRoomName(roomName);
	if (target?.kind === 'salon') await markRollupPending(db, target.cohortId, source, now);
}

/**
 * A person entered a room, as LiveKit's session `sid` (stored, so that a late "left" of an older session ends
 * that one only). A presence of theirs still open in that room was not closed by a webhook (dropped, or its
 * LiveKit node died and they came back through another): it ends where the server last saw them, not now.
 * Returns false when the room or the person is not ours.
 */
export async function personJoined(
	db: Db,
	roomName: string,
	userId: string,
	at: number,
	now = clock.now(),
	sid: string | null = null
): Promise<boolean> {
	const change = await recordJoin(db, roomName, userId, at, sid);
	if (change) await settlePresences(db, [change], now);
	return change !== null;
}

/** personJoined's presences only; the caller settles the change (settlePresences). Null: not our room or person. */
export async function recordJoin(
	db: Db,
	roomName: string,
	userId: string,
	at: number,
	sid: string | null
): Promise<PresenceChange | null> {
	const place = await placeOf(db, roomName, userId);
	if (!place) return null;
	// One statement: each open presence ends at min(last seen, at).
	await db
		.updateTable('presence')
		.set((eb) => ({
			left_at: eb.case().when('last_seen_at', '<', at).then(eb.ref('last_seen_at')).else(eb.val(at)).end()
		}))
		.where('room_name', '=', roomName)
		.where('user_id', '=', userId)
		.where('left_at', 'is', null)
		.execute();
	await db
		.insertInto('presence')
		.values({
			id: newId(),
			room_name: roomName,
			cohort_id: place.cohortId,
			activity_id: place.activityId,
			user_id: userId,
			kind: place.kind,
			joined_at: at,
			left_at: null,
			last_seen_at: at,
			participant_sid: sid
		})
		.execute();
	return { roomName, userId, activityId: place.activityId };
}

/**
 * A person left a room (or their connection was aborted) at `at`, as LiveKit's session `sid` when given: only
 * that session's presence ends (a newer session of the same person, e.g. after their node died, stays open).
 * A presence LiveKit could not vouch for at the reconciler's last check (the node hosting the room died) ends
 * at its last sighting: this "left" is the surviving node's late bookkeeping, not the time they went.
 */
export async function personLeft(
	db: Db,
	roomName: string,
	userId: string,
	at: number,
	now = clock.now(),
	sid: string | null = null
): Promise<void> {
	const change = await recordLeave(db, roomName, userId, at, sid);
	if (change) await settlePresences(db, [change], now);
}

/** personLeft's presences only; the caller settles the change (settlePresences). Null: no presence was open. */
export async function recordLeave(
	db: Db,
	roomName: string,
	userId: string,
	at: number,
	sid: string | null
): Promise<PresenceChange | null> {
	let query = db
		.selectFrom('presence')
		.select(['id', 'activity_id', 'joined_at', 'last_seen_at', 'unconfirmed_since'])
		.where('room_name', '=', roomName)
		.where('user_id', '=', userId)
		.where('left_at', 'is', null);
	if (sid) query = query.where((eb) => eb.or([eb('participant_sid', '=', sid), eb('participant_sid', 'is', null)]));
	const open = await query.execute();
	for (const p of open) {
		const end = Math.max(p.joined_at, p.unconfirmed_since === null ? at : Math.min(at, p.last_seen_at));
		await db.updateTable('presence').set({ left_at: end, last_seen_at: end }).where('id', '=', p.id).execute();
	}
	return open.length ? { roomName, userId, activityId: open[0].activity_id } : null;
}

/** The room ended: whoever was still in it left then. The caller settles the changes (settlePresences). */
export async function recordRoomEnd(db: Db, roomName: string, at: number): Promise<PresenceChange[]> {
	const open = await db
		.selectFrom('presence')
		.select(['user_id'])
		.where('room_name', '=', roomName)
		.where('left_at', 'is', null)
		.execute();
	const changes: PresenceChange[] = [];
	for (const userId of new Set(open.map((p) => p.user_id))) {
		const change = await recordLeave(db, roomName, userId, at, null);
		if (change) changes.push(change);
	}
	return changes;
}

/** The server saw these people in the room at `at` (reconciliation, reports). */
export async function peopleSeen(db: Db, roomName: string, userIds: string[], at: number): Promise<void> {
	if (!userIds.length) return;
	await db
		.updateTable('presence')
		.set({ last_seen_at: at })
		.where('room_name', '=', roomName)
		.where('user_id', 'in', userIds)
		.where('left_at', 'is', null)
		.where('last_seen_at', '<', at)
		.execute();
	await afterSalonChange(db, roomName, roomName, at);
}

/** The server saw these presences' sessions in the room at `at` (reconciliation). */
export async function presencesSeen(db: Db, roomName: string, presenceIds: string[], at: number): Promise<void> {
	if (!presenceIds.length) return;
	await db
		.updateTable('presence')
		.set({ last_seen_at: at })
		.where('id', 'in', presenceIds)
		.where('left_at', 'is', null)
		.where('last_seen_at', '<', at)
		.execute();
	await db
		.updateTable('presence')
		.set({ unconfirmed_since: null })
		.where('id', 'in', presenceIds)
		.where('unconfirmed_since', 'is not', null)
		.execute();
	await afterSalonChange(db, roomName, roomName, at);
}

/** LiveKit could not say at `at` whether these presences' sessions are in their room (see personLeft). */
export async function presencesUnconfirmed(db: Db, presenceIds: string[], at: number): Promise<void> {
	if (!presenceIds.length) return;
	await db
		.updateTable('presence')
		.set({ unconfirmed_since: at })
		.where('id', 'in', presenceIds)
		.where('left_at', 'is', null)
		.where('unconfirmed_since', 'is', null)
		.execute();
}

/**
 * The server could not find these presences' sessions in the room (the person is not listed, or is listed as
 * another session): each ends where it was last seen.
 */
export async function presencesGone(db: Db, roomName: string, presenceIds: string[], now = clock.now()): Promise<void> {
	if (!presenceIds.length) return;
	const open = await db
		.selectFrom('presence')
		.select(['id', 'activity_id', 'user_id', 'last_seen_at'])
		.where('id', 'in', presenceIds)
		.where('left_at', 'is', null)
		.execute();
	for (const p of open)
		await db.updateTable('presence').set({ left_at: p.last_seen_at }).where('id', '=', p.id).execute();
	await recomputeAttendances(
		db,
		open.map((p) => ({ activityId: p.activity_id, userId: p.user_id })),
		now
	);
	if (open.length) await afterSalonChange(db, roomName, roomName, now);
}

/** Rooms where someone is believed present, with who. */
export async function openPresences(db: Db) {
	return db
		.selectFrom('presence')
		.select(['id', 'room_name', 'user_id', 'activity_id', 'participant_sid'])
		.where('left_at', 'is', null)
		.execute();
}
