import type { RoomServiceClient } from 'livekit-server-sdk';
import type { Db } from '#lib/server/db/index.ts';
import { recomputeAttendance } from '#lib/server/attendance/attendance.ts';
import { ATTR_HAND } from '#lib/room/contract.ts';
import { recordObservedEvidence } from '#lib/server/skills/evidence.ts';
import { openPresences, peopleGone, peopleSeen } from './presence.ts';
import { clock } from '#lib/server/clock.ts';
import { startJobLoop } from '#lib/server/jobs/loop.ts';

/**
 * Webhooks can be dropped under load, and a LiveKit server that dies sends none: every open
 * presence is checked against LiveKit's own participant list. Seen → last_seen_at moves on; not
 * there → the presence ends where it was last seen. When LiveKit cannot be reached nothing moves,
 * so the time it was down is never counted as presence.
 */
export async function reconcilePresences(db: Db, rooms: RoomServiceClient, now = clock.now()): Promise<void> {
	const open = await openPresences(db);
	const byRoom = new Map<string, typeof open>();
	for (const p of open) byRoom.set(p.room_name, [...(byRoom.get(p.room_name) ?? []), p]);
	for (const [roomName, presences] of byRoom) {
		let identities: Set<string>;
		const handsUp = new Set<string>();
		try {
			const listed = await rooms.listParticipants(roomName);
			identities = new Set(listed.map((p) => p.identity));
			for (const p of listed) if (p.attributes?.[ATTR_HAND]) handsUp.add(p.identity);
		} catch (e) {
			if (!/not.?found|does not exist/i.test(String((e as Error).message))) continue; // LiveKit unreachable: wait
			identities = new Set();
		}
		const seen = presences.filter((p) => identities.has(p.user_id));
		await peopleSeen(
			db,
			roomName,
			seen.map((p) => p.user_id),
			now
		);
		for (const p of seen) if (p.activity_id) await recomputeAttendance(db, p.activity_id, p.user_id, now);
		// A hand up is a participant attribute LiveKit holds: seen here, it is evidence of "raise a hand".
		for (const p of seen) {
			if (handsUp.has(p.user_id))
				await recordObservedEvidence(db, {
					userId: p.user_id,
					skillId: 'raise_hand',
					level: 'autonomous',
					event: 'hand_raised',
					eventRef: p.id,
					at: now
				});
		}
		await peopleGone(
			db,
			roomName,
			presences.filter((p) => !identities.has(p.user_id)).map((p) => p.user_id),
			now
		);
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
