import { TrackSource, type WebhookEvent, type WebhookReceiver } from 'livekit-server-sdk';
import type { Db } from '#lib/server/db/index.ts';
import { DomainError } from '#lib/server/http/errors.ts';
import { recordObservedEvidence, recordObservedEvidences } from '#lib/server/skills/evidence.ts';
import { parseRoomName } from './room-names.ts';
import {
	isPresent,
	placeOf,
	recordJoins,
	recordLeaves,
	recordRoomEnd,
	settlePresences,
	type PresenceChange,
	type RoomMove
} from './presence.ts';
import { groupCommit } from '#lib/server/db/group-commit.ts';
import { inTransaction } from '#lib/server/insights/rollups.ts';
import { clock } from '#lib/server/clock.ts';

/** A webhook older than this is refused even with a valid signature (a replay of an old one). */
export const WEBHOOK_MAX_AGE_MS = 10 * 60_000;
/** Nor one dated further ahead than clocks drift (a signed event "from next year" made presences in 2027). */
export const WEBHOOK_MAX_AHEAD_MS = 60_000;

/**
 * Verifies a LiveKit webhook (signature over the raw body), stores it once in the append-only
 * room_event log and applies it to presences and attendance, in one transaction with the other webhooks
 * arriving at the same moment (see storeWebhooks).
 * Refuses a bad signature (401), a replay of an event already received or a stale one (409).
 */
export async function ingestWebhook(
	db: Db,
	receiver: WebhookReceiver,
	body: string,
	authorization: string | null,
	now = clock.now()
): Promise<WebhookEvent> {
	const hook = await verifyWebhook(receiver, body, authorization, now);
	if (!(await storeWebhook(db, hook))) {
		throw new DomainError(409, 'error_generic', `replayed webhook ${hook.event.id}`);
	}
	return hook.event;
}

export interface VerifiedWebhook {
	event: WebhookEvent;
	body: string;
	createdAt: number;
	/** When it was received. */
	now: number;
}

/** A webhook whose signature holds, with an id, dated within the window around `now`; or why not (401, 400, 409). */
export async function verifyWebhook(
	receiver: WebhookReceiver,
	body: string,
	authorization: string | null,
	now: number
): Promise<VerifiedWebhook> {
	let event: WebhookEvent;
	try {
		event = await receiver.receive(body, authorization ?? undefined);
	} catch (e) {
		throw new DomainError(401, 'error_forbidden', `webhook refused: ${(e as Error).message}`);
	}
	if (!event.id) throw new DomainError(400, 'error_generic', 'webhook without an id');
	const createdAt = Number(event.createdAt) * 1000;
	if (!Number.isFinite(createdAt) || createdAt < now - WEBHOOK_MAX_AGE_MS) {
		throw new DomainError(409, 'error_generic', `stale webhook ${event.id} created at ${createdAt}`);
	}
	if (createdAt > now + WEBHOOK_MAX_AHEAD_MS) {
		throw new DomainError(409, 'error_generic', `webhook ${event.id} dated ahead, at ${createdAt}`);
	}
	return { event, body, createdAt, now };
}

/**
 * Stores verified webhooks in one transaction, in their order: their rows in room_event (a replayed id is
 * passed over: false), then each stored one applied to presences and evidence; the attendance and figures
 * those changes ask for are settled once at the end, whatever the number of webhooks.
 */
export async function storeWebhooks(db: Db, hooks: VerifiedWebhook[]): Promise<boolean[]> {
	return inTransaction(db, async (trx) => {
		const firsts = hooks.filter((h, i) => hooks.findIndex((o) => o.event.id === h.event.id) === i);
		const inserted = await trx
			.insertInto('room_event')
			.values(
				firsts.map(({ event, body, createdAt, now }) => ({
					id: event.id,
					event: event.event,
					room_name: event.room?.name ?? null,
					participant_identity: event.participant?.identity ?? null,
					created_at: createdAt,
					received_at: now,
					body
				}))
			)
			.onConflict((oc) => oc.column('id').doNothing())
			.returning('id')
			.execute();
		const fresh = new Set(inserted.map((r) => r.id));
		const stored = hooks.map((h) => fresh.delete(h.event.id));
		const changes: PresenceChange[] = [];
		for (const run of runsOf(hooks.filter((_, i) => stored[i])))
			changes.push(...(Array.isArray(run) ? await applyMoves(trx, run) : await applyWebhook(trx, run)));
		await settlePresences(trx, changes, Math.max(...hooks.map((h) => h.now)));
		return stored;
	});
}

type Move = RoomMove & { hook: VerifiedWebhook; joined: boolean };

/** A person joining or leaving a room, as this webhook says; null for any other event. */
function moveOf(hook: VerifiedWebhook): Move | null {
	const { event, createdAt } = hook;
	const roomName = event.room?.name;
	const userId = event.participant?.identity;
	if (!roomName || !userId) return null;
	const joined = event.event === 'participant_joined';
	if (!joined && event.event !== 'participant_left' && event.event !== 'participant_connection_aborted') return null;
	return { roomName, userId, at: createdAt, sid: event.participant?.sid || null, hook, joined };
}

/**
 * The webhooks in the order they are applied: runs of joins and leaves, each (room, person) at most once in a
 * run, so that a run's moves are independent and applied together; any other event alone, between them.
 */
function runsOf(hooks: VerifiedWebhook[]): (Move[] | VerifiedWebhook)[] {
	const runs: (Move[] | VerifiedWebhook)[] = [];
	let run: Move[] = [];
	for (const hook of hooks) {
		const move = moveOf(hook);
		if (!move || run.some((m) => m.roomName === move.roomName && m.userId === move.userId)) {
			if (run.length) runs.push(run);
			run = [];
		}
		if (move) run.push(move);
		else runs.push(hook);
	}
	if (run.length) runs.push(run);
	return runs;
}

/** A run of joins and leaves: presences, and the evidence of joining a video call; the changes to settle. */
async function applyMoves(trx: Db, moves: Move[]): Promise<PresenceChange[]> {
	const joins = moves.filter((m) => m.joined);
	const joined = await recordJoins(trx, joins);
	const left = await recordLeaves(
		trx,
		moves.filter((m) => !m.joined)
	);
	await recordObservedEvidences(
		trx,
		joins.flatMap((m, i) =>
			joined[i] && parseRoomName(m.roomName)?.kind === 'activity'
				? [
						{
							userId: m.userId,
							skillId: 'join_video_call',
							level: 'autonomous' as const,
							event: 'room_joined',
							eventRef: m.hook.event.id,
							at: m.at
						}
					]
				: []
		)
	);
	return [...joined, ...left].filter((c) => c !== null);
}

const storeWebhook = groupCommit(storeWebhooks);

/** A stored webhook other than a join or a leave: its effect on presences and skill evidence; the changes to settle. */
async function applyWebhook(trx: Db, { event, createdAt }: VerifiedWebhook): Promise<PresenceChange[]> {
	const roomName = event.room?.name ?? null;
	const identity = event.participant?.identity ?? null;
	if (!roomName) return [];
	switch (event.event) {
		case 'track_published': {
			// Signed by livekit-server: the person's camera (or screen) really went out to the room.
			const source = event.track?.source;
			const skill =
				source === TrackSource.CAMERA
					? { skillId: 'camera_mic_toggle', event: 'camera_published' }
					: source === TrackSource.SCREEN_SHARE
						? { skillId: 'share_screen', event: 'screen_shared' }
						: null;
			// Only for someone in the room right now: an open presence, not mere membership of the cohort.
			if (identity && skill && (await placeOf(trx, roomName, identity)) && (await isPresent(trx, roomName, identity))) {
				await recordObservedEvidence(trx, {
					userId: identity,
					skillId: skill.skillId,
					level: 'autonomous',
					event: skill.event,
					eventRef: event.id,
					at: createdAt
				});
			}
			return [];
		}
		case 'room_finished':
			return recordRoomEnd(trx, roomName, createdAt);
		default:
			return [];
	}
}
