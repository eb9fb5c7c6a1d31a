import { DataPacket_Kind, type RoomServiceClient } from 'livekit-server-sdk';
import type { Db } from '#lib/server/db/index.ts';
import { newId } from '#lib/server/db/ids.ts';
import { requireBreakoutLead, requireHelpCaller, type Actor } from '#lib/server/auth/policy.ts';
import { DomainError } from '#lib/server/http/errors.ts';
import { roomActivity } from '#lib/server/livekit/tickets.ts';
import { activityRoomName, breakoutRoomName } from '#lib/server/livekit/room-names.ts';
import type { RoomPublisher } from '#lib/server/live/bus.ts';
import { clock } from '#lib/server/clock.ts';
import { TOPIC_MOVE } from '#lib/room/contract.ts';
import {
	BROADCAST_MAX,
	HELP_LIMIT,
	HELP_WINDOW_MS,
	TIMER_MAX_MINUTES,
	TIMER_MIN_MINUTES,
	type BreakoutBoard,
	type HelpCall
} from '#lib/breakouts/contract.ts';

/**
 * Breakouts for real facilitation (issue 14). The cohort's facilitator visits a group and comes back (a
 * `breakout` row of their own: their join ticket then names that group's room, and their page is told to
 * fetch it), speaks to every group at once (a message and a timer kept on the activity, so a page that
 * joins late still shows them), and sees which group calls for help. Every change is signalled on the live
 * bus; each open page reads its own view again.
 */

/** Who may tell a page to move: LiveKit's room service (null when video is off, or in tests). */
export type MoveTeller = Pick<RoomServiceClient, 'sendData'> | null;

/** The groups, message, timer or help calls changed: each open page reads its own board again. */
export async function announceBreakouts(live: RoomPublisher, activityId: string) {
	// A lost signal only delays the others' pages (they read again on the next one or on reconnect).
	await live.publishRoom({ activityId, signal: 'breakout' }).catch(() => {});
}

/** The room, open now, and this member's access to it. */
async function openRoom(db: Db, actor: Actor, activityId: string, now: number) {
	const room = await roomActivity(db, actor, activityId, now);
	if (!room.open) throw new DomainError(409, 'breakout_error_room_closed', `activity ${activityId} is not on now`);
	return room;
}

/** The groups now: the participants' breakout rows (a visiting facilitator's row is no group member). */
async function currentGroups(db: Db, activityId: string, cohortId: string) {
	const rows = await db
		.selectFrom('breakout')
		.innerJoin('cohort_member', (j) =>
			j
				.onRef('cohort_member.user_id', '=', 'breakout.user_id')
				.on('cohort_member.cohort_id', '=', cohortId)
				.on('cohort_member.role', '=', 'participant')
		)
		.select(['breakout.group_number', (eb) => eb.fn.countAll().as('n')])
		.where('breakout.activity_id', '=', activityId)
		.groupBy('breakout.group_number')
		.orderBy('breakout.group_number')
		.execute();
	return rows.map((r) => ({ number: Number(r.group_number), size: Number(r.n) }));
}

async function myGroupOf(db: Db, activityId: string, userId: string) {
	const row = await db
		.selectFrom('breakout')
		.select('group_number')
		.where('activity_id', '=', activityId)
		.where('user_id', '=', userId)
		.executeTakeFirst();
	return row ? Number(row.group_number) : null;
}

/** The board as this member sees it: the message and timer for all; the help calls for facilitators. */
export async function breakoutBoard(
	db: Db,
	actor: Actor,
	activityId: string,
	now = clock.now()
): Promise<BreakoutBoard> {
	const { activity, access } = await roomActivity(db, actor, activityId, now);
	const board = await db
		.selectFrom('breakout_board')
		.selectAll()
		.where('activity_id', '=', activity.id)
		.executeTakeFirst();
	const groups = await currentGroups(db, activity.id, activity.cohort_id);
	const pending = db
		.selectFrom('breakout_help')
		.innerJoin('user', 'user.id', 'breakout_help.user_id')
		.select(['breakout_help.group_number', 'breakout_help.called_at', 'user.first_name', 'user.id'])
		.where('breakout_help.activity_id', '=', activity.id)
		.where('breakout_help.cleared_at', 'is', null)
		.where('breakout_help.group_number', 'in', groups.length ? groups.map((g) => g.number) : [-1])
		.orderBy('breakout_help.called_at');
	const calls: HelpCall[] = [];
	let myCallWaiting = false;
	if (access === 'facilitator') {
		for (const row of await pending.execute()) {
			const group = Number(row.group_number);
			const call = calls.find((c) => c.group === group);
			if (!call) calls.push({ group, names: [row.first_name], since: Number(row.called_at) });
			else if (!call.names.includes(row.first_name)) call.names.push(row.first_name);
		}
		calls.sort((a, b) => a.group - b.group);
	} else {
		myCallWaiting = !!(await pending.where('breakout_help.user_id', '=', actor.id).executeTakeFirst());
	}
	return {
		role: access,
		message: board?.message ?? '',
		timer:
			board?.timer_minutes != null && board.timer_ends_at != null
				? { minutes: Number(board.timer_minutes), endsAt: Number(board.timer_ends_at) }
				: null,
		groups,
		myGroup: await myGroupOf(db, activity.id, actor.id),
		calls,
		myCallWaiting
	};
}

export interface BroadcastInput {
	message: string;
	/** null = no timer. */
	minutes: number | null;
}

/**
 * The facilitator speaks to every group (and the main room): a message, a timer, or both, shown until they
 * send another or clear it. What is sent replaces what was shown.
 */
export async function broadcastToGroups(
	db: Db,
	live: RoomPublisher,
	actor: Actor,
	activityId: string,
	input: BroadcastInput,
	now = clock.now()
): Promise<void> {
	const room = await openRoom(db, actor, activityId, now);
	requireBreakoutLead(actor, room.access, activityId);
	const message = input.message.trim();
	if (message.length > BROADCAST_MAX)
		throw new DomainError(400, 'breakout_error_message_long', `${message.length} characters`);
	const { minutes } = input;
	if (minutes !== null && (!Number.isInteger(minutes) || minutes < TIMER_MIN_MINUTES || minutes > TIMER_MAX_MINUTES))
		throw new DomainError(400, 'breakout_error_timer_range', `${minutes} minutes`);
	if (message === '' && minutes === null) throw new DomainError(400, 'breakout_error_empty', 'nothing to send');
	const values = {
		message,
		timer_minutes: minutes,
		timer_ends_at: minutes === null ? null : now + minutes * 60_000,
		updated_by: actor.id,
		updated_at: now
	};
	await db
		.insertInto('breakout_board')
		.values({ activity_id: activityId, ...values })
		.onConflict((oc) => oc.column('activity_id').doUpdateSet(values))
		.execute();
	await announceBreakouts(live, activityId);
}

/** The facilitator takes the message and the timer down. */
export async function clearBroadcast(
	db: Db,
	live: RoomPublisher,
	actor: Actor,
	activityId: string,
	now = clock.now()
): Promise<void> {
	const room = await roomActivity(db, actor, activityId, now);
	requireBreakoutLead(actor, room.access, activityId);
	await db.deleteFrom('breakout_board').where('activity_id', '=', activityId).execute();
	await announceBreakouts(live, activityId);
}

/**
 * A participant in a breakout group calls the facilitator: stored until the facilitator visits the group or
 * dismisses the call. A flood is refused (429) past HELP_LIMIT calls in HELP_WINDOW_MS, and not stored.
 */
export async function callForHelp(
	db: Db,
	live: RoomPublisher,
	actor: Actor,
	activityId: string,
	now = clock.now()
): Promise<void> {
	const room = await openRoom(db, actor, activityId, now);
	requireHelpCaller(actor, room.access, activityId);
	const group = await myGroupOf(db, activityId, actor.id);
	if (group === null) throw new DomainError(409, 'breakout_error_no_group', `user ${actor.id} is in no group`);
	const recent = await db
		.selectFrom('breakout_help')
		.select((eb) => eb.fn.countAll().as('n'))
		.where('activity_id', '=', activityId)
		.where('user_id', '=', actor.id)
		.where('called_at', '>', now - HELP_WINDOW_MS)
		.executeTakeFirstOrThrow();
	if (Number(recent.n) >= HELP_LIMIT)
		throw new DomainError(429, 'breakout_error_help_too_many', `user ${actor.id}: ${recent.n} calls in a minute`);
	await db
		.insertInto('breakout_help')
		.values({
			id: newId(),
			activity_id: activityId,
			user_id: actor.id,
			group_number: group,
			called_at: now,
			cleared_at: null
		})
		.execute();
	await announceBreakouts(live, activityId);
}

async function clearCalls(db: Db, activityId: string, group: number, now: number) {
	await db
		.updateTable('breakout_help')
		.set({ cleared_at: now })
		.where('activity_id', '=', activityId)
		.where('group_number', '=', group)
		.where('cleared_at', 'is', null)
		.execute();
}

/** The facilitator has seen a group's call (without visiting it). */
export async function dismissHelp(
	db: Db,
	live: RoomPublisher,
	actor: Actor,
	activityId: string,
	group: number,
	now = clock.now()
): Promise<void> {
	const room = await roomActivity(db, actor, activityId, now);
	requireBreakoutLead(actor, room.access, activityId);
	await clearCalls(db, activityId, group, now);
	await announceBreakouts(live, activityId);
}

/**
 * The facilitator goes into group `group` (its help calls are then answered), or with 0 comes back to the
 * main room. Their page is told to fetch its ticket again, which names the room to be in now.
 */
export async function visitGroup(
	db: Db,
	live: RoomPublisher,
	mover: MoveTeller,
	actor: Actor,
	activityId: string,
	group: number,
	now = clock.now()
): Promise<void> {
	const { activity, access, open } = await roomActivity(db, actor, activityId, now);
	requireBreakoutLead(actor, access, activityId);
	if (!open) throw new DomainError(409, 'breakout_error_room_closed', `activity ${activityId} is not on now`);
	const groups = await currentGroups(db, activity.id, activity.cohort_id);
	const before = await myGroupOf(db, activity.id, actor.id);
	if (group === 0) {
		await db.deleteFrom('breakout').where('activity_id', '=', activity.id).where('user_id', '=', actor.id).execute();
	} else {
		if (!groups.some((g) => g.number === group))
			throw new DomainError(409, 'breakout_error_no_such_group', `activity ${activityId} has no group ${group}`);
		const values = { group_number: group, room_name: breakoutRoomName(activity.id, group), created_at: now };
		await db.transaction().execute(async (trx) => {
			await trx
				.insertInto('breakout')
				.values({ activity_id: activity.id, user_id: actor.id, ...values })
				.onConflict((oc) => oc.columns(['activity_id', 'user_id']).doUpdateSet(values))
				.execute();
			await clearCalls(trx, activity.id, group, now);
		});
	}
	await announceBreakouts(live, activityId);
	if (!mover || before === (group || null)) return;
	// Only this facilitator's page moves; it also asks for its ticket every few seconds, should this be lost.
	const from =
		before === null ? (activity.room_name ?? activityRoomName(activity.id)) : breakoutRoomName(activity.id, before);
	const payload = new TextEncoder().encode(JSON.stringify({ at: now }));
	await mover
		.sendData(from, payload, DataPacket_Kind.RELIABLE, { topic: TOPIC_MOVE, destinationIdentities: [actor.id] })
		.catch(() => {});
}
