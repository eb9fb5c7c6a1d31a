// Polls and reactions in the live room (issue 14, acceptance 1) on the data layer: a facilitator opens,
// participants answer once each, the facilitator closes; tallies; a named poll's names reach its
// facilitators only; closed polls, other cohorts' polls and participants starting polls are refused; a
// reaction flood is cut at the limit. Every change is signalled on the live bus.
import { describe, expect, it } from 'vitest';
import type { Db } from '#lib/server/db/index.ts';
import type { Actor } from '#lib/server/auth/policy.ts';
import { refusalWithKey as refusal } from '#lib/server/db/test-db.ts';
import { DEMO_ROOM_TIMES, demoLiveRoom, roomSignalRecorder, useSeededTestDb } from '#lib/server/db/test-fixtures.ts';
import { demoLiveActivity, demoParticipant, type DemoActors } from '#lib/server/seed/demo-actors.ts';
import { DEMO_COHORTS } from '#lib/server/seed/demo.ts';
import { answerPoll, closePoll, hasOpenPoll, roomPolls, startPoll } from './polls.ts';
import { REACTION_LIMIT, REACTION_WINDOW_MS, sendReaction } from './reactions.ts';
import { pollStartSchema } from './schemas.ts';
import { pollsPersonData } from './person-data.ts';
import { PERSON_DATA_SECTIONS } from '#lib/server/privacy/sections.ts';
import { parseForm } from '#lib/server/http/validation.ts';

const { NOW, START, AT } = DEMO_ROOM_TIMES;

let db: Db;
let actors: DemoActors;
let activityId: string;
let activityB: string;
let second: Actor;

const { signals, live } = roomSignalRecorder();

const liveActivity = (cohortId: string, facilitator: Actor) => demoLiveActivity(db, facilitator, cohortId, NOW);

const choice = (question: string, options: string[], named = false) => ({
	question,
	kind: 'choice' as const,
	named,
	options
});

useSeededTestDb(NOW, async (seeded) => {
	({ db, actors } = seeded);
	({ activityId, second } = await demoLiveRoom(db, actors, NOW));
	activityB = await liveActivity(actors.cohortB.id, actors.facilitatorB);
});

describe(`polls in the live room on ${process.env.TEST_DB}`, () => {
	it('reads the facilitator’s form: 2 to 6 answers, or a thumbs poll', () => {
		const form = (fields: Record<string, string>) => parseForm(pollStartSchema, fields);
		expect(form({ question: 'Ça va ?', kind: 'choice', option1: 'Oui', option2: '' })).toMatchObject({
			ok: false,
			errors: { option1: 'poll_error_two_answers' }
		});
		expect(form({ question: 'Ça va ?', kind: 'thumbs' })).toMatchObject({
			ok: true,
			data: { kind: 'thumbs', named: false, options: [] }
		});
		expect(form({ question: 'Où ?', kind: 'choice', named: 'on', option2: 'Ici', option5: 'Là' })).toMatchObject({
			ok: true,
			data: { named: true, options: ['Ici', 'Là'] }
		});
	});

	it('is started by the cohort’s facilitator only, one open at a time, during the session', async () => {
		for (const stranger of [actors.participantA, actors.facilitatorB, actors.director, actors.participantB])
			expect(await refusal(startPoll(db, live, stranger, activityId, choice('Q ?', ['a', 'b']), AT))).toBe(
				'403 error_forbidden'
			);
		expect(await refusal(startPoll(db, live, actors.facilitatorA, activityId, choice('Q ?', ['a', 'b']), NOW))).toBe(
			'409 poll_error_room_closed'
		);
		expect(await roomPolls(db, actors.facilitatorA, activityId, AT)).toEqual({
			role: 'facilitator',
			current: null,
			past: []
		});
	});

	it('counts one answer per participant; results reach a participant once they answered', async () => {
		signals.length = 0;
		const pollId = await startPoll(
			db,
			live,
			actors.facilitatorA,
			activityId,
			choice('Votre CV est-il prêt ?', ['Oui', 'Presque', 'Pas encore']),
			AT
		);
		expect(signals).toEqual([{ activityId, signal: 'poll' }]);
		expect(await hasOpenPoll(db, actors.participantA, activityId, AT)).toBe(true);
		expect(await refusal(startPoll(db, live, actors.facilitatorA, activityId, choice('Autre ?', ['a', 'b']), AT))).toBe(
			'409 poll_error_one_open'
		);

		const before = await roomPolls(db, actors.participantA, activityId, AT);
		expect(before.current).toMatchObject({ id: pollId, open: true, total: null, myAnswer: null });
		expect(before.current!.options.map((o) => [o.label, o.count])).toEqual([
			['Oui', null],
			['Presque', null],
			['Pas encore', null]
		]);
		const [yes, almost] = before.current!.options;

		// The facilitator asks, participants answer.
		expect(await refusal(answerPoll(db, live, actors.facilitatorA, activityId, pollId, yes.id, AT))).toBe(
			'403 error_forbidden'
		);
		await answerPoll(db, live, actors.participantA, activityId, pollId, almost.id, AT + 1000);
		await answerPoll(db, live, second, activityId, pollId, almost.id, AT + 2000);
		expect(await refusal(answerPoll(db, live, actors.participantA, activityId, pollId, yes.id, AT + 3000))).toBe(
			'409 poll_error_already'
		);

		const mine = (await roomPolls(db, actors.participantA, activityId, AT + 4000)).current!;
		expect(mine).toMatchObject({ myAnswer: almost.id, total: 2, named: false });
		expect(mine.options.map((o) => [o.count, o.voters])).toEqual([
			[0, null],
			[2, null],
			[0, null]
		]);
		const facilitators = (await roomPolls(db, actors.facilitatorA, activityId, AT + 4000)).current!;
		expect(facilitators.total).toBe(2);
		// Anonymous: nobody sees names, the facilitator neither.
		expect(facilitators.options.every((o) => o.voters === null)).toBe(true);
		expect(signals.filter((s) => s.signal === 'poll')).toHaveLength(3);

		await closePoll(db, live, actors.facilitatorA, activityId, pollId, AT + 5000);
		expect(await refusal(answerPoll(db, live, actors.participantB, activityId, pollId, yes.id, AT + 6000))).toBe(
			'403 error_forbidden'
		);
		const third = await demoParticipant(db, actors.cohortA.id, DEMO_COHORTS.now.participants[2]);
		expect(await refusal(answerPoll(db, live, third, activityId, pollId, yes.id, AT + 6000))).toBe(
			'409 poll_error_closed'
		);
		// Kept with the activity, after it too: closed polls show their counts to everyone of the cohort.
		const after = await roomPolls(db, third, activityId, START + 3 * 3600_000);
		expect(after.current).toBeNull();
		expect(after.past.map((p) => [p.question, p.total, p.options.map((o) => o.count)])).toEqual([
			['Votre CV est-il prêt ?', 2, [0, 2, 0]]
		]);
		expect(await hasOpenPoll(db, actors.participantA, activityId, AT + 6000)).toBe(false);
	});

	it('shows who answered what in a named poll to the facilitators only', async () => {
		const pollId = await startPoll(
			db,
			live,
			actors.facilitatorA,
			activityId,
			{ question: 'Ça va ce matin ?', kind: 'thumbs', named: true, options: [] },
			AT + 10_000
		);
		const [up, down] = (await roomPolls(db, actors.participantA, activityId, AT + 10_000)).current!.options;
		await answerPoll(db, live, actors.participantA, activityId, pollId, up.id, AT + 11_000);
		await answerPoll(db, live, second, activityId, pollId, down.id, AT + 12_000);

		const facilitators = (await roomPolls(db, actors.facilitatorA, activityId, AT + 13_000)).current!;
		expect(facilitators).toMatchObject({ kind: 'thumbs', named: true, total: 2 });
		expect(facilitators.options.map((o) => [o.count, o.voters])).toEqual([
			[1, [actors.participantA.first_name]],
			[1, [second.first_name]],
			[0, []]
		]);
		for (const participant of [actors.participantA, second]) {
			const view = await roomPolls(db, participant, activityId, AT + 13_000);
			expect(view.current!.options.map((o) => o.count)).toEqual([1, 1, 0]);
			expect(view.current!.options.every((o) => o.voters === null)).toBe(true);
			expect(JSON.stringify(view)).not.toContain(
				participant === second ? actors.participantA.first_name : second.first_name
			);
		}
		// Another cohort's members never see it.
		for (const stranger of [actors.participantB, actors.facilitatorB, actors.director])
			expect(await refusal(roomPolls(db, stranger, activityId, AT + 13_000))).toBe('403 error_forbidden');
		await closePoll(db, live, actors.facilitatorA, activityId, pollId, AT + 14_000);
		const past = await roomPolls(db, actors.facilitatorA, activityId, START + 3 * 3600_000);
		expect(past.past.map((p) => p.question)).toEqual(['Ça va ce matin ?', 'Votre CV est-il prêt ?']);
		expect(past.past[0].options[0].voters).toEqual([actors.participantA.first_name]);
	});

	it('refuses a vote on another cohort’s poll, whichever room it is sent through', async () => {
		const pollB = await startPoll(
			db,
			live,
			actors.facilitatorB,
			activityB,
			choice('Question du groupe B', ['x', 'y']),
			AT
		);
		const optionB = (await roomPolls(db, actors.facilitatorB, activityB, AT)).current!.options[0].id;
		expect(await refusal(answerPoll(db, live, actors.participantA, activityB, pollB, optionB, AT))).toBe(
			'403 error_forbidden'
		);
		// Through the participant's own room, the other cohort's poll is not found there.
		expect(await refusal(answerPoll(db, live, actors.participantA, activityId, pollB, optionB, AT))).toBe(
			'404 poll_error_not_found'
		);
		expect(await refusal(closePoll(db, live, actors.facilitatorA, activityB, pollB, AT))).toBe('403 error_forbidden');
		expect((await roomPolls(db, actors.facilitatorB, activityB, AT)).current!.total).toBe(0);
	});

	it('keeps one poll when two are started at the same instant; the other start is told one is open', async () => {
		const starts = await Promise.all(
			['Premier ?', 'Second ?'].map((q) =>
				refusal(startPoll(db, live, actors.facilitatorA, activityId, choice(q, ['a', 'b']), AT + 20_000))
			)
		);
		expect(starts.sort()).toEqual(['409 poll_error_one_open', 'allowed']);
		const { current } = await roomPolls(db, actors.facilitatorA, activityId, AT + 20_000);
		expect(current?.options).toHaveLength(2);
		await closePoll(db, live, actors.facilitatorA, activityId, current!.id, AT + 21_000);
	});
});

describe(`reactions in the live room on ${process.env.TEST_DB}`, () => {
	it('are stored and counted per person, shown to the room, and cut at the limit', async () => {
		signals.length = 0;
		const t0 = AT + 60_000;
		for (let i = 0; i < REACTION_LIMIT; i++)
			await sendReaction(db, live, actors.participantA, activityId, 'clap', t0 + i * 100);
		expect(await refusal(sendReaction(db, live, actors.participantA, activityId, 'heart', t0 + 1000))).toBe(
			'429 reaction_error_too_many'
		);
		// Another person is not held back by the first one's flood, and the facilitator reacts too.
		await sendReaction(db, live, second, activityId, 'laugh', t0 + 1000);
		await sendReaction(db, live, actors.facilitatorA, activityId, 'thumbs_up', t0 + 1000);
		// Once the window has passed, the first person may react again.
		await sendReaction(db, live, actors.participantA, activityId, 'heart', t0 + REACTION_WINDOW_MS + 500);

		expect(signals.map((s) => s.reaction)).toEqual([
			...Array(REACTION_LIMIT).fill('clap'),
			'laugh',
			'thumbs_up',
			'heart'
		]);
		expect(signals.every((s) => s.activityId === activityId && s.signal === 'reaction')).toBe(true);
		// What was stored, per person and kind (the participation figures count them: participation.db.test.ts).
		const stored = await db
			.selectFrom('reaction')
			.select(['user_id', 'kind', (eb) => eb.fn.countAll().as('n')])
			.where('activity_id', '=', activityId)
			.groupBy(['user_id', 'kind'])
			.execute();
		const of = (userId: string) =>
			Object.fromEntries(stored.filter((c) => c.user_id === userId).map((c) => [c.kind, Number(c.n)]));
		expect(of(actors.participantA.id)).toEqual({ clap: REACTION_LIMIT, heart: 1 });
		expect(of(second.id)).toEqual({ laugh: 1 });
		expect(of(actors.facilitatorA.id)).toEqual({ thumbs_up: 1 });
	});

	it('are for the cohort’s members during the session', async () => {
		for (const stranger of [actors.participantB, actors.facilitatorB, actors.director, actors.admin])
			expect(await refusal(sendReaction(db, live, stranger, activityId, 'clap', AT))).toBe('403 error_forbidden');
		expect(await refusal(sendReaction(db, live, actors.participantA, activityId, 'clap', NOW))).toBe(
			'409 reaction_error_room_closed'
		);
	});
});

describe(`a person's polls and reactions in their data on ${process.env.TEST_DB}`, () => {
	it('are in their export (answers with the question and the answer chosen), and only theirs', async () => {
		const mine = (await pollsPersonData.collect(db, actors.participantA.id)) as {
			answers: { question: string; label: string }[];
			reactions: { kind: string }[];
		};
		expect(mine.answers.map((a) => a.question)).toEqual(['Votre CV est-il prêt ?', 'Ça va ce matin ?']);
		expect(mine.answers[0].label).toBe('Presque');
		expect(mine.reactions.map((r) => r.kind).sort()).toEqual([...Array(REACTION_LIMIT).fill('clap'), 'heart'].sort());
		const theirs = (await pollsPersonData.collect(db, actors.participantB.id)) as { answers: []; reactions: [] };
		expect(theirs).toEqual({ answers: [], reactions: [] });
		expect(PERSON_DATA_SECTIONS).toContain(pollsPersonData);
	});
});
