import type { Db } from '#lib/server/db/index.ts';
import { newId } from '#lib/server/db/ids.ts';
import {
	maySeePollResults,
	maySeePollVoters,
	requirePollRunner,
	requirePollVoter,
	type Actor
} from '#lib/server/auth/policy.ts';
import { DomainError } from '#lib/server/http/errors.ts';
import { roomActivity } from '#lib/server/livekit/tickets.ts';
import type { RoomPublisher } from '#lib/server/live/bus.ts';
import { inTransaction } from '#lib/server/insights/rollups.ts';
import { clock } from '#lib/server/clock.ts';
import { THUMBS, type PollView, type RoomPolls } from '#lib/polls/contract.ts';
import type { PollStartInput } from './schemas.ts';

/**
 * Polls in a live activity's room (issue 14). The cohort's facilitator starts one (a question with 2–6
 * answers, or a thumbs poll), anonymous or named; one is open at a time per activity; the facilitator
 * closes it, and it closes by itself when the room closes (30 minutes after the activity's end).
 * Each participant answers once: a second answer is refused (409), so one tap on a phone is final.
 * Every change is then signalled on the live bus; each open page reads its own view again.
 */

type PollRow = { id: string; question: string; kind: 'choice' | 'thumbs'; named: number; opened_at: number };

/** Open = not closed by its facilitator, and the room still open (a forgotten poll ends with the room). */
const isOpen = (poll: { closed_at: number | null }, closesAt: number, now: number) =>
	poll.closed_at === null && now <= closesAt;

async function announce(live: RoomPublisher, activityId: string) {
	// A lost signal only delays the others' pages (they read again on the next one or on reconnect).
	await live.publishRoom({ activityId, signal: 'poll' }).catch(() => {});
}

/** The cohort's facilitator opens a poll in a live activity while its room is open. */
export async function startPoll(
	db: Db,
	live: RoomPublisher,
	actor: Actor,
	activityId: string,
	input: PollStartInput,
	now = clock.now()
): Promise<string> {
	const room = await roomActivity(db, actor, activityId, now);
	requirePollRunner(actor, room.access, activityId);
	if (!room.open) throw new DomainError(409, 'poll_error_room_closed', `activity ${activityId} is not on now`);
	const labels = input.kind === 'thumbs' ? THUMBS.map(() => '') : input.options;
	if (labels.length < 2 || labels.length > 6)
		throw new DomainError(400, 'poll_error_two_answers', `${labels.length} answers`);
	const pollId = newId();
	await inTransaction(db, async (trx) => {
		const open = await trx
			.selectFrom('poll')
			.select('id')
			.where('activity_id', '=', activityId)
			.where('closed_at', 'is', null)
			.executeTakeFirst();
		if (open) throw new DomainError(409, 'poll_error_one_open', `poll ${open.id} is still open`);
		// Two starts at the same instant both pass the check above: the partial unique index (one open poll per
		// activity) keeps one, and the other gets the same answer as a start while a poll is open.
		const inserted = await trx
			.insertInto('poll')
			.values({
				id: pollId,
				activity_id: activityId,
				question: input.question,
				kind: input.kind,
				named: input.named ? 1 : 0,
				created_by: actor.id,
				opened_at: now,
				closed_at: null
			})
			.onConflict((oc) => oc.column('activity_id').where('closed_at', 'is', null).doNothing())
			.returning('id')
			.executeTakeFirst();
		if (!inserted) throw new DomainError(409, 'poll_error_one_open', `a poll of ${activityId} opened meanwhile`);
		await trx
			.insertInto('poll_option')
			.values(labels.map((label, position) => ({ id: newId(), poll_id: pollId, position, label })))
			.execute();
	});
	await announce(live, activityId);
	return pollId;
}

async function pollOf(db: Db, activityId: string, pollId: string) {
	const poll = await db
		.selectFrom('poll')
		.selectAll()
		.where('id', '=', pollId)
		.where('activity_id', '=', activityId)
		.executeTakeFirst();
	// A poll of another activity (another cohort's among them) is not found here.
	if (!poll) throw new DomainError(404, 'poll_error_not_found', `poll ${pollId} in activity ${activityId}`);
	return poll;
}

/** A participant of the cohort answers the open poll, once. */
export async function answerPoll(
	db: Db,
	live: RoomPublisher,
	actor: Actor,
	activityId: string,
	pollId: string,
	optionId: string,
	now = clock.now()
): Promise<void> {
	const room = await roomActivity(db, actor, activityId, now);
	requirePollVoter(actor, room.access, activityId);
	const poll = await pollOf(db, activityId, pollId);
	if (!isOpen(poll, room.closesAt, now)) throw new DomainError(409, 'poll_error_closed', `poll ${pollId} is closed`);
	const option = await db
		.selectFrom('poll_option')
		.select('id')
		.where('id', '=', optionId)
		.where('poll_id', '=', pollId)
		.executeTakeFirst();
	if (!option) throw new DomainError(400, 'poll_error_not_an_answer', `option ${optionId} of poll ${pollId}`);
	const inserted = await db
		.insertInto('poll_answer')
		.values({ poll_id: pollId, user_id: actor.id, option_id: optionId, answered_at: now })
		.onConflict((oc) => oc.columns(['poll_id', 'user_id']).doNothing())
		.returning('user_id')
		.executeTakeFirst();
	if (!inserted) throw new DomainError(409, 'poll_error_already', `user ${actor.id} already answered poll ${pollId}`);
	await announce(live, activityId);
}

/** The cohort's facilitator closes a poll (closing a closed poll changes nothing). */
export async function closePoll(
	db: Db,
	live: RoomPublisher,
	actor: Actor,
	activityId: string,
	pollId: string,
	now = clock.now()
): Promise<void> {
	const room = await roomActivity(db, actor, activityId, now);
	requirePollRunner(actor, room.access, activityId);
	await pollOf(db, activityId, pollId);
	await db
		.updateTable('poll')
		.set({ closed_at: now })
		.where('id', '=', pollId)
		.where('closed_at', 'is', null)
		.execute();
	await announce(live, activityId);
}

/**
 * The activity's polls as this member may see them: the open one and the closed ones (newest first).
 * Participants see counts once they answered (or once the poll is closed), never names; the facilitators
 * see counts always, and who chose what in a named poll.
 */
export async function roomPolls(db: Db, actor: Actor, activityId: string, now = clock.now()): Promise<RoomPolls> {
	const room = await roomActivity(db, actor, activityId, now);
	const polls = await db
		.selectFrom('poll')
		.selectAll()
		.where('activity_id', '=', activityId)
		.orderBy('opened_at', 'desc')
		.orderBy('id')
		.execute();
	const ids = polls.map((p) => p.id);
	const [options, answers] = ids.length
		? await Promise.all([
				db.selectFrom('poll_option').selectAll().where('poll_id', 'in', ids).orderBy('position').execute(),
				db
					.selectFrom('poll_answer')
					.innerJoin('user', 'user.id', 'poll_answer.user_id')
					.select(['poll_answer.poll_id', 'poll_answer.option_id', 'poll_answer.user_id', 'user.first_name'])
					.where('poll_answer.poll_id', 'in', ids)
					.orderBy('user.first_name')
					.execute()
			])
		: [[], []];
	const view = (poll: PollRow & { closed_at: number | null }): PollView => {
		const open = isOpen(poll, room.closesAt, now);
		const mine = answers.find((a) => a.poll_id === poll.id && a.user_id === actor.id)?.option_id ?? null;
		const results = maySeePollResults(room.access, mine !== null, open);
		const names = poll.named === 1 && maySeePollVoters(room.access);
		const of = answers.filter((a) => a.poll_id === poll.id);
		return {
			id: poll.id,
			question: poll.question,
			kind: poll.kind,
			named: poll.named === 1,
			open,
			openedAt: poll.opened_at,
			total: results ? of.length : null,
			myAnswer: mine,
			options: options
				.filter((o) => o.poll_id === poll.id)
				.map((o) => ({
					id: o.id,
					label: o.label,
					position: o.position,
					count: results ? of.filter((a) => a.option_id === o.id).length : null,
					voters: names ? of.filter((a) => a.option_id === o.id).map((a) => a.first_name) : null
				}))
		};
	};
	const views = polls.map(view);
	return { role: room.access, current: views.find((p) => p.open) ?? null, past: views.filter((p) => !p.open) };
}

/** Whether the activity has a poll open now, for /me's "now" card (its members only). */
export async function hasOpenPoll(db: Db, actor: Actor, activityId: string, now = clock.now()): Promise<boolean> {
	const room = await roomActivity(db, actor, activityId, now);
	if (now > room.closesAt) return false;
	const open = await db
		.selectFrom('poll')
		.select('id')
		.where('activity_id', '=', activityId)
		.where('closed_at', 'is', null)
		.executeTakeFirst();
	return !!open;
}
