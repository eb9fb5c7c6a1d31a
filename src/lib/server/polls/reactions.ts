import type { Db } from '#lib/server/db/index.ts';
import { newId } from '#lib/server/db/ids.ts';
import { requireRoomReactor, type Actor } from '#lib/server/auth/policy.ts';
import { DomainError } from '#lib/server/http/errors.ts';
import { roomActivity } from '#lib/server/livekit/tickets.ts';
import type { RoomPublisher } from '#lib/server/live/bus.ts';
import { clock } from '#lib/server/clock.ts';
import type { ReactionKind } from '#lib/polls/contract.ts';

/** A person may send this many reactions in REACTION_WINDOW_MS; more are refused (429) and not shown. */
export const REACTION_LIMIT = 5;
export const REACTION_WINDOW_MS = 10_000;

/**
 * A member of the cohort sends a reaction in the activity's room while it is open: stored (counted per
 * person and activity for the participation figures), then shown on every page of the room. A flood is
 * refused quietly: past the limit nothing is stored or shown.
 */
export async function sendReaction(
	db: Db,
	live: RoomPublisher,
	actor: Actor,
	activityId: string,
	kind: ReactionKind,
	now = clock.now()
): Promise<void> {
	const room = await roomActivity(db, actor, activityId, now);
	requireRoomReactor(actor, room.access, activityId);
	if (!room.open) throw new DomainError(409, 'reaction_error_room_closed', `activity ${activityId} is not on now`);
	const recent = await db
		.selectFrom('reaction')
		.select((eb) => eb.fn.countAll().as('n'))
		.where('activity_id', '=', activityId)
		.where('user_id', '=', actor.id)
		.where('sent_at', '>', now - REACTION_WINDOW_MS)
		.executeTakeFirstOrThrow();
	if (Number(recent.n) >= REACTION_LIMIT)
		throw new DomainError(429, 'reaction_error_too_many', `user ${actor.id}: ${recent.n} reactions in 10 s`);
	await db
		.insertInto('reaction')
		.values({ id: newId(), activity_id: activityId, user_id: actor.id, kind, sent_at: now })
		.execute();
	await live.publishRoom({ activityId, signal: 'reaction', reaction: kind }).catch(() => {});
}
