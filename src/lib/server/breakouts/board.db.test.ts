// Breakouts for real facilitation (issue 14, acceptance 3) on the data layer: only the cohort's facilitator
// visits a group (their ticket then names its room) and comes back, speaks to every group (message ≤ 280
// characters, timer 1–30 minutes), and sees which group calls for help; only a participant in a group calls,
// a flood is cut at the limit; another cohort's facilitator and participants are refused.
import { describe, expect, it } from 'vitest';
import type { Db } from '#lib/server/db/index.ts';
import type { Actor } from '#lib/server/auth/policy.ts';
import { refusalWithKey as refusal } from '#lib/server/db/test-db.ts';
import { DEMO_ROOM_TIMES, demoLiveRoom, roomSignalRecorder, useSeededTestDb } from '#lib/server/db/test-fixtures.ts';
import type { DemoActors } from '#lib/server/seed/demo-actors.ts';
import { breakoutRoomName } from '#lib/server/livekit/room-names.ts';
import { memberRoom } from '#lib/server/livekit/tickets.ts';
import { parseForm } from '#lib/server/http/validation.ts';
import { HELP_LIMIT, HELP_WINDOW_MS } from '#lib/breakouts/contract.ts';
import {
	breakoutBoard,
	broadcastToGroups,
	callForHelp,
	clearBroadcast,
	dismissHelp,
	visitGroup,
	type MoveTeller
} from './board.ts';
import { broadcastSchema } from './schemas.ts';

const { NOW, AT } = DEMO_ROOM_TIMES;

let db: Db;
let actors: DemoActors;
let activityId: string;
let second: Actor;

const { signals, live } = roomSignalRecorder();
const moves: { room: string; to: string[] | undefined }[] = [];
const mover: MoveTeller = {
	sendData: async (room, _data, _kind, options) =>
		void moves.push({
			room,
			to: typeof options === 'object' && !Array.isArray(options) ? options.destinationIdentities : undefined
		})
};

useSeededTestDb(NOW, async (seeded) => {
	({ db, actors } = seeded);
	({ activityId, second } = await demoLiveRoom(db, actors, NOW));
});

/** Two groups, as setBreakouts leaves them: participant A in group 1, the second participant in group 2. */
async function split() {
	await db.deleteFrom('breakout').where('activity_id', '=', activityId).execute();
	await db
		.insertInto('breakout')
		.values(
			[actors.participantA, second].map((p, i) => ({
				activity_id: activityId,
				user_id: p.id,
				group_number: i + 1,
				room_name: breakoutRoomName(activityId, i + 1),
				created_at: AT
			}))
		)
		.execute();
}

describe(`breakouts for real facilitation on ${process.env.TEST_DB}`, () => {
	it('reads the broadcast form: a message of 280 characters at most, a timer of 1 to 30 minutes', () => {
		const form = (fields: Record<string, string>) => parseForm(broadcastSchema, fields);
		expect(form({ message: 'Retour en plénière', minutes: '1' })).toMatchObject({
			ok: true,
			data: { message: 'Retour en plénière', minutes: 1 }
		});
		expect(form({ message: '', minutes: '30' })).toMatchObject({ ok: true, data: { message: '', minutes: 30 } });
		expect(form({ message: 'Bonjour', minutes: '' })).toMatchObject({ ok: true, data: { minutes: null } });
		const refused: [Record<string, string>, Record<string, string>][] = [
			[{ message: 'x'.repeat(281), minutes: '' }, { message: 'form_too_long|280' }],
			[{ message: 'ok', minutes: '0' }, { minutes: 'form_number_range|1–30' }],
			[{ message: 'ok', minutes: '31' }, { minutes: 'form_number_range|1–30' }],
			[{ message: 'ok', minutes: 'deux' }, { minutes: 'form_invalid_number' }],
			[{ message: '', minutes: '' }, { message: 'breakout_error_empty' }]
		];
		for (const [fields, errors] of refused) expect(form(fields)).toMatchObject({ ok: false, errors });
	});

	it('lets only the cohort’s facilitator speak to every group, within bounds, while the room is open', async () => {
		const send = (actor: Actor, message: string, minutes: number | null, at = AT) =>
			refusal(broadcastToGroups(db, live, actor, activityId, { message, minutes }, at));
		for (const stranger of [actors.participantA, actors.facilitatorB, actors.participantB, actors.director])
			expect(await send(stranger, 'Coucou', 1)).toBe('403 error_forbidden');
		expect(await send(actors.facilitatorA, 'x'.repeat(281), null)).toBe('400 breakout_error_message_long');
		expect(await send(actors.facilitatorA, 'ok', 0)).toBe('400 breakout_error_timer_range');
		expect(await send(actors.facilitatorA, 'ok', 31)).toBe('400 breakout_error_timer_range');
		expect(await send(actors.facilitatorA, 'ok', 1.5)).toBe('400 breakout_error_timer_range');
		expect(await send(actors.facilitatorA, '  ', null)).toBe('400 breakout_error_empty');
		expect(await send(actors.facilitatorA, 'Trop tôt', 1, NOW)).toBe('409 breakout_error_room_closed');
		expect(await db.selectFrom('breakout_board').selectAll().execute()).toEqual([]);

		signals.length = 0;
		await broadcastToGroups(
			db,
			live,
			actors.facilitatorA,
			activityId,
			{ message: 'Retour en plénière', minutes: 1 },
			AT
		);
		expect(signals).toEqual([{ activityId, signal: 'breakout' }]);
		// Everyone in the cohort reads it, joining late too; another cohort cannot.
		for (const reader of [actors.participantA, second, actors.facilitatorA])
			expect(await breakoutBoard(db, reader, activityId, AT + 5_000)).toMatchObject({
				message: 'Retour en plénière',
				timer: { minutes: 1, endsAt: AT + 60_000 }
			});
		expect(await refusal(breakoutBoard(db, actors.participantB, activityId, AT))).toBe('403 error_forbidden');

		// What is sent next replaces it; clearing takes it down (facilitators only).
		await broadcastToGroups(db, live, actors.facilitatorA, activityId, { message: 'Encore 5 min', minutes: null }, AT);
		expect(await breakoutBoard(db, second, activityId, AT)).toMatchObject({ message: 'Encore 5 min', timer: null });
		expect(await refusal(clearBroadcast(db, live, actors.participantA, activityId, AT))).toBe('403 error_forbidden');
		await clearBroadcast(db, live, actors.facilitatorA, activityId, AT);
		expect(await breakoutBoard(db, second, activityId, AT)).toMatchObject({ message: '', timer: null });
	});

	it('lets a participant in a group call for help; the facilitator sees which group; a flood is cut', async () => {
		expect(await refusal(callForHelp(db, live, actors.participantA, activityId, AT))).toBe(
			'409 breakout_error_no_group'
		);
		await split();
		for (const stranger of [actors.facilitatorA, actors.facilitatorB, actors.participantB])
			expect(await refusal(callForHelp(db, live, stranger, activityId, AT))).toBe('403 error_forbidden');

		signals.length = 0;
		await callForHelp(db, live, second, activityId, AT);
		expect(signals).toEqual([{ activityId, signal: 'breakout' }]);
		const seen = await breakoutBoard(db, actors.facilitatorA, activityId, AT);
		expect(seen.groups).toEqual([
			{ number: 1, size: 1 },
			{ number: 2, size: 1 }
		]);
		expect(seen.calls).toEqual([{ group: 2, names: [second.first_name], since: AT }]);
		// The caller knows it is waiting; the other participant sees no calls at all.
		expect(await breakoutBoard(db, second, activityId, AT)).toMatchObject({
			myGroup: 2,
			myCallWaiting: true,
			calls: []
		});
		expect(await breakoutBoard(db, actors.participantA, activityId, AT)).toMatchObject({
			myGroup: 1,
			myCallWaiting: false,
			calls: []
		});

		// HELP_LIMIT calls a minute per person; past it refused and not stored; a minute later, again.
		for (let i = 1; i < HELP_LIMIT; i++) await callForHelp(db, live, second, activityId, AT + i * 1000);
		expect(await refusal(callForHelp(db, live, second, activityId, AT + 10_000))).toBe(
			'429 breakout_error_help_too_many'
		);
		const stored = async () =>
			(await db.selectFrom('breakout_help').select('id').where('user_id', '=', second.id).execute()).length;
		expect(await stored()).toBe(HELP_LIMIT);
		// The limit is per person: participant A still calls.
		await callForHelp(db, live, actors.participantA, activityId, AT + 10_000);
		await callForHelp(db, live, second, activityId, AT + HELP_WINDOW_MS + 1_000);
		expect(await stored()).toBe(HELP_LIMIT + 1);

		// The facilitator dismisses group 1's call (participants may not).
		expect(await refusal(dismissHelp(db, live, second, activityId, 1, AT))).toBe('403 error_forbidden');
		await dismissHelp(db, live, actors.facilitatorA, activityId, 1, AT + 20_000);
		expect((await breakoutBoard(db, actors.facilitatorA, activityId, AT + 20_000)).calls.map((c) => c.group)).toEqual([
			2
		]);
	});

	it('lets only the cohort’s facilitator visit a group (their ticket names its room) and come back', async () => {
		await split();
		for (const stranger of [actors.participantA, actors.facilitatorB, actors.participantB])
			expect(await refusal(visitGroup(db, live, mover, stranger, activityId, 2, AT))).toBe('403 error_forbidden');
		expect(await refusal(visitGroup(db, live, mover, actors.facilitatorA, activityId, 3, AT))).toBe(
			'409 breakout_error_no_such_group'
		);
		expect(await refusal(visitGroup(db, live, mover, actors.facilitatorA, activityId, 2, NOW))).toBe(
			'409 breakout_error_room_closed'
		);
		expect(await memberRoom(db, actors.facilitatorA, { activityId }, AT)).toMatchObject({
			roomName: `activity-${activityId}`,
			breakout: null
		});

		moves.length = 0;
		await visitGroup(db, live, mover, actors.facilitatorA, activityId, 2, AT + 30_000);
		// The facilitator's ticket names group 2's room; their page (in the main room) is told to fetch it.
		expect(await memberRoom(db, actors.facilitatorA, { activityId }, AT)).toMatchObject({
			roomName: breakoutRoomName(activityId, 2),
			breakout: 2
		});
		expect(moves).toEqual([{ room: `activity-${activityId}`, to: [actors.facilitatorA.id] }]);
		const visiting = await breakoutBoard(db, actors.facilitatorA, activityId, AT + 30_000);
		// The visit answers group 2's call; the visitor is no member of the group.
		expect(visiting).toMatchObject({
			myGroup: 2,
			calls: [],
			groups: [
				{ number: 1, size: 1 },
				{ number: 2, size: 1 }
			]
		});
		expect(await breakoutBoard(db, second, activityId, AT + 30_000)).toMatchObject({ myCallWaiting: false });
		// The participants stay where they were.
		expect(await memberRoom(db, actors.participantA, { activityId }, AT)).toMatchObject({ breakout: 1 });

		moves.length = 0;
		await visitGroup(db, live, mover, actors.facilitatorA, activityId, 0, AT + 60_000);
		expect(await memberRoom(db, actors.facilitatorA, { activityId }, AT)).toMatchObject({
			roomName: `activity-${activityId}`,
			breakout: null
		});
		expect(moves).toEqual([{ room: breakoutRoomName(activityId, 2), to: [actors.facilitatorA.id] }]);
		expect(await memberRoom(db, second, { activityId }, AT)).toMatchObject({ breakout: 2 });
	});
});
