import { sql } from 'kysely';
import type { Db } from '#lib/server/db/index.ts';
import { newId } from '#lib/server/db/ids.ts';
import { recomputeAttendances } from '#lib/server/attendance/attendance.ts';
import { parseRoomName } from './room-names.ts';
import { clock } from '#lib/server/clock.ts';
import { markRollupsPending } from '#lib/server/insights/rollups.ts';

/** Where a room belongs, when `userId` is a member of that cohort; null for rooms or people we do not know. */
export async function placeOf(db: Db, roomName: string, userId: string) {
	return (await placesOf(db, [{ roomName, userId }])).get(moveKey({ roomName, userId })) ?? null;
}

type Place = { cohortId: string; activityId: string | null; kind: 'activity' | 'salon' };
const moveKey = (m: { roomName: string; userId: string }) => `${m.roomName} ${m.userId}`;

/** placeOf for many rooms and people, in two reads at most (one for activities' rooms, one for salons). */
async function placesOf(db: Db, pairs: { roomName: string; userId: string }[]): Promise<Map<string, Place>> {
	const targets = pairs.flatMap((p) => {
		const target = parseRoomName(p.roomName);
		return target ? [{ ...p, target }] : [];
	});
	const users = [...new Set(targets.map((t) => t.userId))];
	const activityIds = [...new Set(targets.flatMap((t) => (t.target.kind === 'activity' ? [t.target.activityId] : [])))];
	const cohortIds = [...new Set(targets.flatMap((t) => (t.target.kind === 'salon' ? [t.target.cohortId] : [])))];
	// Each activity with the members of its cohort among these people, in one read (every join webhook asks).
	const activities = activityIds.length
		? await db
				.selectFrom('activity')
				.innerJoin('cohort_member', 'cohort_member.cohort_id', 'activity.cohort_id')
				.select(['activity.id', 'activity.cohort_id', 'cohort_member.user_id'])
				.where('activity.id', 'in', activityIds)
				.where('cohort_member.user_id', 'in', users)
				.execute()
		: [];
	const members = cohortIds.length
		? await db
				.selectFrom('cohort_member')
				.select(['cohort_id', 'user_id'])
				.where('cohort_id', 'in', cohortIds)
				.where('user_id', 'in', users)
				.execute()
		: [];
	const places = new Map<string, Place>();
	for (const t of targets) {
		if (t.target.kind === 'activity') {
			const { activityId } = t.target;
			const row = activities.find((a) => a.id === activityId && a.user_id === t.userId);
			if (row) places.set(moveKey(t), { cohortId: row.cohort_id, activityId, kind: 'activity' });
		} else {
			const { cohortId } = t.target;
			if (members.some((m) => m.cohort_id === cohortId && m.user_id === t.userId))
				places.set(moveKey(t), { cohortId, activityId: null, kind: 'salon' });
		}
	}
	return places;
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
		changes.flatMap((c) => salonMark(c.roomName, c.userId)),
		now
	);
}

/** Salon presences make the cohort's informal time (everyone's: moments are shared); `source`: who or what changed. */
const salonMark = (roomName: string, source: string) => {
	const target = parseRoomName(roomName);
	return target?.kind === 'salon' ? [{ cohortId: target.cohortId, source }] : [];
};

async function afterSalonChange(db: Db, roomName: string, source: string, now: number) {
	await markRollupsPending(db, salonMark(roomName, source), now);
}

/** A person entering or leaving a room at `at`, as LiveKit's session `sid` (when LiveKit says which). */
export interface RoomMove {
	roomName: string;
	userId: string;
	at: number;
	sid: string | null;
}

/**
 * People entered rooms, each as LiveKit's session `sid` (stored, so that a late "left" of an older session ends
 * that one only). A presence of theirs still open in that room was not closed by a webhook (dropped, or its
 * LiveKit node died and they came back through another): it ends where the server last saw them, not now.
 * Each (room, person) at most once: three statements, and one more per presence left open before. The change of
 * each, in order (null: not our room or person); the caller settles them (settlePresences).
 */
export async function recordJoins(db: Db, moves: RoomMove[]): Promise<(PresenceChange | null)[]> {
	const places = await placesOf(db, moves);
	const ours = moves.filter((m) => places.has(moveKey(m)));
	if (!ours.length) return moves.map(() => null);
	const joinedAt = new Map(ours.map((m) => [moveKey(m), m.at]));
	const open = await openPresencesOf(db, ours);
	await endPresences(
		db,
		open.map((p) => ({
			id: p.id,
			end: Math.min(p.last_seen_at, joinedAt.get(moveKey({ roomName: p.room_name, userId: p.user_id })) as number)
		}))
	);
	await db
		.insertInto('presence')
		.values(
			ours.map((m) => {
				const place = places.get(moveKey(m)) as Place;
				return {
					id: newId(),
					room_name: m.roomName,
					cohort_id: place.cohortId,
					activity_id: place.activityId,
					user_id: m.userId,
					kind: place.kind,
					joined_at: m.at,
					left_at: null,
					last_seen_at: m.at,
					participant_sid: m.sid
				};
			})
		)
		.execute();
	return moves.map((m) => {
		const place = places.get(moveKey(m));
		return place ? { roomName: m.roomName, userId: m.userId, activityId: place.activityId } : null;
	});
}

/**
 * Ends these presences, each at its own instant, in one statement; `lastSeenToo`: their last sighting moves to
 * that instant as well.
 */
async function endPresences(db: Db, ends: { id: string; end: number }[], { lastSeenToo = false } = {}) {
	if (!ends.length) return;
	const endOf = sql<number>`case ${sql.ref('id')} ${sql.join(
		ends.map((e) => sql`when ${e.id} then cast(${e.end} as bigint)`),
		sql` `
	)} end`;
	await db
		.updateTable('presence')
		.set(lastSeenToo ? { left_at: endOf, last_seen_at: endOf } : { left_at: endOf })
		.where(
			'id',
			'in',
			ends.map((e) => e.id)
		)
		.execute();
}

/** The open presences of these (room, person) pairs, in one read. */
async function openPresencesOf(db: Db, pairs: { roomName: string; userId: string }[]) {
	const wanted = new Set(pairs.map(moveKey));
	const rows = await db
		.selectFrom('presence')
		.select([
			'id',
			'room_name',
			'user_id',
			'activity_id',
			'joined_at',
			'last_seen_at',
			'unconfirmed_since',
			'participant_sid'
		])
		.where('room_name', 'in', [...new Set(pairs.map((p) => p.roomName))])
		.where('user_id', 'in', [...new Set(pairs.map((p) => p.userId))])
		.where('left_at', 'is', null)
		.execute();
	return rows.filter((p) => wanted.has(moveKey({ roomName: p.room_name, userId: p.user_id })));
}

/**
 * People left rooms (or their connections were aborted), each at its `at`, as LiveKit's session `sid` when given:
 * only that session's presence ends (a newer session of the same person, e.g. after their node died, stays
 * open). A presence LiveKit could not vouch for at the reconciler's last check (the node hosting the room died)
 * ends at its last sighting: this "left" is the surviving node's late bookkeeping, not the time they went.
 * Each (room, person) at most once: two statements. The change of each, in order (null: no presence of theirs
 * was open); the caller settles them (settlePresences).
 */
export async function recordLeaves(db: Db, moves: RoomMove[]): Promise<(PresenceChange | null)[]> {
	const open = moves.length ? await openPresencesOf(db, moves) : [];
	const ends = moves.map((m) =>
		open
			.filter(
				(p) =>
					p.room_name === m.roomName &&
					p.user_id === m.userId &&
					(!m.sid || p.participant_sid === m.sid || p.participant_sid === null)
			)
			.map((p) => ({
				presence: p,
				end: Math.max(p.joined_at, p.unconfirmed_since === null ? m.at : Math.min(m.at, p.last_seen_at))
			}))
	);
	await endPresences(
		db,
		ends.flat().map((e) => ({ id: e.presence.id, end: e.end })),
		{ lastSeenToo: true }
	);
	return moves.map((m, i) =>
		ends[i].length ? { roomName: m.roomName, userId: m.userId, activityId: ends[i][0].presence.activity_id } : null
	);
}

/** The room ended: whoever was still in it left then. The caller settles the changes (settlePresences). */
export async function recordRoomEnd(db: Db, roomName: string, at: number): Promise<PresenceChange[]> {
	const open = await db
		.selectFrom('presence')
		.select(['user_id'])
		.where('room_name', '=', roomName)
		.where('left_at', 'is', null)
		.execute();
	const moves = [...new Set(open.map((p) => p.user_id))].map((userId) => ({ roomName, userId, at, sid: null }));
	return (await recordLeaves(db, moves)).filter((c) => c !== null);
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

/** LiveKit could not say at `at` whether these presences' sessions are in their room (see recordLeaves). */
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
	await endPresences(
		db,
		open.map((p) => ({ id: p.id, end: p.last_seen_at }))
	);
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
