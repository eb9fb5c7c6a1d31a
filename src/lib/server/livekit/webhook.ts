import { TrackSource, type WebhookEvent, type WebhookReceiver } from 'livekit-server-sdk';
import type { Db } from '#lib/server/db/index.ts';
import { DomainError } from '#lib/server/http/errors.ts';
import { recordObservedEvidence } from '#lib/server/skills/evidence.ts';
import { parseRoomName } from './room-names.ts';
import { isPresent, personJoined, personLeft, placeOf, roomFinished } from './presence.ts';
import { clock } from '#lib/server/clock.ts';

/** A webhook older than this is refused even with a valid signature (a replay of an old one). */
export const WEBHOOK_MAX_AGE_MS = 10 * 60_000;
/** Nor one dated further ahead than clocks drift (a signed event "from next year" made presences in 2027). */
export const WEBHOOK_MAX_AHEAD_MS = 60_000;

/**
 * Verifies a LiveKit webhook (signature over the raw body), stores it once in the append-only
 * room_event log and applies it to presences and attendance, all in one transaction.
 * Refuses a bad signature (401), a replay of an event already received or a stale one (409).
 */
export async function ingestWebhook(
	db: Db,
	receiver: WebhookReceiver,
	body: string,
	authorization: string | null,
	now = clock.now()
): Promise<WebhookEvent> {
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
	const roomName = event.room?.name ?? null;
	const identity = event.participant?.identity ?? null;
	const sid = event.participant?.sid || null;
	await db.transaction().execute(async (trx) => {
		const inserted = await trx
			.insertInto('room_event')
			.values({
				id: event.id,
				event: event.event,
				room_name: roomName,
				participant_identity: identity,
				created_at: createdAt,
				received_at: now,
				body
			})
			.onConflict((oc) => oc.column('id').doNothing())
			.executeTakeFirst();
		if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) {
			throw new DomainError(409, 'error_generic', `replayed webhook ${event.id}`);
		}
		if (!roomName) return;
		switch (event.event) {
			case 'participant_joined':
				if (
					identity &&
					(await personJoined(trx, roomName, identity, createdAt, now, sid)) &&
					parseRoomName(roomName)?.kind === 'activity'
				) {
					await recordObservedEvidence(trx, {
						userId: identity,
						skillId: 'join_video_call',
						level: 'autonomous',
						event: 'room_joined',
						eventRef: event.id,
						at: createdAt
					});
				}
				break;
			case 'participant_left':
			case 'participant_connection_aborted':
				if (identity) await personLeft(trx, roomName, identity, createdAt, now, sid);
				break;
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
				if (
					identity &&
					skill &&
					(await placeOf(trx, roomName, identity)) &&
					(await isPresent(trx, roomName, identity))
				) {
					await recordObservedEvidence(trx, {
						userId: identity,
						skillId: skill.skillId,
						level: 'autonomous',
						event: skill.event,
						eventRef: event.id,
						at: createdAt
					});
				}
				break;
			}
			case 'room_finished':
				await roomFinished(trx, roomName, createdAt, now);
				break;
		}
	});
	return event;
}
