import type { RoomServiceClient } from 'livekit-server-sdk';
import type { Db } from '#lib/server/db/index.ts';
import { recomputeAttendances } from '#lib/server/attendance/attendance.ts';
import { ATTR_HAND } from '#lib/room/contract.ts';
import { recordObservedEvidence } from '#lib/server/skills/evidence.ts';
import { openPresences, presencesGone, presencesSeen, presencesUnconfirmed } from './presence.ts';
import { clock } from '#lib/server/clock.ts';
import { startJobLoop } from '#lib/server/jobs/loop.ts';

/**
 * Webhooks can be dropped under load, and a LiveKit server that dies sends none: every open
 * presence is checked against LiveKit's own participant list. Its session listed (same sid) →
 * last_seen_at moves on; not listed, or listed as another session (the person came back as a new
 * one) → the presence ends where it was last seen. When LiveKit cannot say (unreachable, or the node
 * hosting the room died: with several nodes the list is asked of that node, see scripts/livekit.mjs)
 * nothing moves, so the time it could not vouch for is never counted as presence.
 */
export async function reconcilePresences(db: Db, rooms: RoomServiceClient, now = clock.now()): Promise<void> {
	const open = await openPresences(db);
	const byRoom = new Map<string, typeof open>();
	for (const p of open) byRoom.set(p.room_name, [...(byRoom.get(p.room_name) ?? []), p]);
	for (const [roomName, presences] of byRoom) {
		const listed = await listedSessions(rooms, roomName);
		if (!listed) {
			// LiveKit cannot say: nothing moves, and a "left" that comes before it can again ends at the last sighting.
			await presencesUnconfirmed(
				db,
				presences.map((p) => p.id),
				now
			);
			continue;
		}
		const isListed = (p: (typeof presences)[number]) =>
			listed.sids.has(p.user_id) && (p.participant_sid === null || listed.sids.get(p.user_id) === p.participant_sid);
		const seen = presences.filter(isListed);
		await presencesSeen(
			db,
			roomName,
			seen.map((p) => p.id),
			now
		);
		await recomputeAttendances(
			db,
			seen.map((p) => ({ activityId: p.activity_id, userId: p.user_id })),
			now
		);
		// A hand up is a participant attribute LiveKit holds: seen here, it is evidence of "raise a hand".
		for (const p of seen) {
			if (listed.handsUp.has(p.user_id))
				await recordObservedEvidence(db, {
					userId: p.user_id,
					skillId: 'raise_hand',
					level: 'autonomous',
					event: 'hand_raised',
					eventRef: p.id,
					at: now
				});
		}
		await presencesGone(
			db,
			roomName,
			presences.filter((p) => !isListed(p)).map((p) => p.id),
			now
		);
	}
}

/**
 * Who LiveKit lists in a room (identity → session sid, and hands up); an empty room when LiveKit does not know
 * the room; null when it cannot say (unreachable, or the room's node does not answer).
 */
async function listedSessions(
	rooms: RoomServiceClient,
	roomName: string
): Promise<{ sids: Map<string, string>; handsUp: Set<string> } | null> {
	const none = { sids: new Map<string, string>(), handsUp: new Set<string>() };
	try {
		const listed = await rooms.listParticipants(roomName);
		const handsUp = new Set(listed.filter((p) => p.attributes?.[ATTR_HAND]).map((p) => p.identity));
		return { sids: new Map(listed.map((p) => [p.identity, p.sid])), handsUp };
	} catch (e) {
		if (/not.?found|does not exist/i.test(String((e as Error).message))) return none;
	}
	// The list could not be had. A room LiveKit no longer holds at all is empty; else (its node died) wait.
	try {
		return (await rooms.listRooms([roomName])).length === 0 ? none : null;
	} catch {
		return null;
	}
}

/** Runs reconciliation every `intervalMs` in the background, on one app instance at a time; returns a stop function. */
export function startReconciler(
	db: Db,
	rooms: RoomServiceClient,
	intervalMs: number,
	holder?: string
): () => Promise<void> {
	return startJobLoop(db, {
		name: 'livekit-reconcile',
		everyMs: intervalMs,
		holder,
		run: () => reconcilePresences(db, rooms)
	});
}
