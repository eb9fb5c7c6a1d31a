// Outcomes on both engines: exits, checkpoint answers with their history, the window rule, attempts,
// "sans nouvelles" by window and by 3 failed attempts (idempotent, concurrent-safe), notices exactly
// once at the DST-correct instant, refusals, retention, export and erasure.
import { describe, expect, it } from 'vitest';
import type { Db } from '#lib/server/db/index.ts';
import { refusal, refusalWithKey } from '#lib/server/db/test-db.ts';
import type { DemoActors } from '#lib/server/seed/demo-actors.ts';
import type { Actor } from '#lib/server/auth/policy.ts';
import { cohortJoinedBy, formData, useSeededTestDb } from '#lib/server/db/test-fixtures.ts';
import { erasePerson, exportPersonData } from '#lib/server/privacy/person.ts';
import { parseForm } from '#lib/server/http/validation.ts';
import {
	anonymiseExpiredOutcomes,
	answerMyCheckpoint,
	checkpointHistory,
	closeUnansweredCheckpoints,
	cohortOutcomes,
	logFollowUpAttempt,
	myOutcomes,
	type outcomesPersonData,
	recordCheckpoint,
	recordExit,
	sendCheckpointNotices
} from './outcomes.ts';
import { checkpointAnswerSchema, exitSchema } from './schemas.ts';

let db: Db;
let actors: DemoActors;
const NOW = Date.parse('2026-11-02T10:00:00Z');
// The test cohort ends in summer time; its +3 months checkpoint opens after the autumn change.
const END = '2026-08-15';
const M3_OPENS = Date.parse('2026-11-13T23:00:00Z');
const M3_CLOSES = Date.parse('2026-12-13T23:00:00Z');
let cohortId: string;
let people: Record<string, Actor>;

const current = (userId: string, checkpoint: string) =>
	db
		.selectFrom('outcome_record')
		.selectAll()
		.where('cohort_id', '=', cohortId)
		.where('user_id', '=', userId)
		.where('checkpoint', '=', checkpoint as 'm3')
		.where('superseded_at', 'is', null)
		.execute();
const counts = async () =>
	Object.fromEntries(
		(
			await db
				.selectFrom('outcome_record')
				.select(['checkpoint', 'situation', (eb) => eb.fn.countAll<number>().as('n')])
				.where('superseded_at', 'is', null)
				.groupBy(['checkpoint', 'situation'])
				.execute()
		).map((r) => [`${r.checkpoint}:${r.situation}`, Number(r.n)])
	);

useSeededTestDb(NOW, async (seeded) => {
	({ db, actors } = seeded);
	// They joined on 20 July (club time).
	({ cohortId, people } = await cohortJoinedBy(
		db,
		actors.facilitatorA,
		{ name: 'Club d’été', startDate: '2026-07-20', endDate: END },
		['Awa', 'Bruno', 'Céline', 'Dalila', 'Eric'],
		{ joinedAt: Date.parse('2026-07-20T07:00:00Z'), now: NOW }
	));
});

describe(`outcomes on ${process.env.TEST_DB}`, () => {
	it('seeds the demo through the domain: last year all left and mostly answered, two early leavers now', async () => {
		const last = await cohortOutcomes(db, actors.facilitatorB, actors.cohortB.id, NOW);
		expect(last.people.every((p) => p.exit !== null)).toBe(true);
		expect(last.people.filter((p) => p.exit?.ending === 'left_early')).toHaveLength(2);
		const m3 = last.people.map((p) => p.records.m3?.situation);
		const m6 = last.people.map((p) => p.records.m6?.situation);
		expect([m3.filter((s) => s === 'no_news').length, m6.filter((s) => s === 'no_news').length]).toEqual([2, 2]);
		expect([...m3, ...m6].every((s) => s !== undefined)).toBe(true);
		const running = await cohortOutcomes(db, actors.facilitatorA, actors.cohortA.id, NOW);
		expect(running.people.filter((p) => p.exit).map((p) => [p.firstName, p.exit?.early_reason])).toEqual([
			['Kevin', 'found_job'],
			['Patrick', 'health']
		]);
	});

	it('records exits in one go, a second exit replacing the first and keeping the situation’s history', async () => {
		const { facilitatorA } = actors;
		const exit = { exitDate: END, ending: 'completed' as const, earlyReason: null, contractBand: null };
		for (const name of ['Awa', 'Bruno', 'Céline', 'Dalila'])
			await recordExit(db, facilitatorA, cohortId, people[name].id, { ...exit, situation: 'job_seeking' }, NOW);
		await recordExit(
			db,
			facilitatorA,
			cohortId,
			people.Awa.id,
			{ ...exit, situation: 'cdi', contractBand: 'permanent' },
			NOW + 1000
		);
		const history = await checkpointHistory(db, facilitatorA, cohortId, people.Awa.id, 'exit');
		expect(history.map((r) => [r.situation, r.superseded_at])).toEqual([
			['job_seeking', NOW + 1000],
			['cdi', null]
		]);
		const view = await cohortOutcomes(db, facilitatorA, cohortId, NOW);
		// Who has no exit yet comes first.
		expect(view.people.map((p) => [p.firstName, p.exit?.ending ?? null])).toEqual([
			['Eric', null],
			['Awa', 'completed'],
			['Bruno', 'completed'],
			['Céline', 'completed'],
			['Dalila', 'completed']
		]);
		expect(view.people[1].records.exit).toMatchObject({ situation: 'cdi', contract_band: 'permanent' });
	});

	it('refuses bad exits with a clear message and writes nothing', async () => {
		const { facilitatorA } = actors;
		const before = await db.selectFrom('participant_exit').selectAll().execute();
		const input = { ending: 'completed' as const, earlyReason: null, situation: 'cdi' as const, contractBand: null };
		expect(
			await refusalWithKey(
				recordExit(db, facilitatorA, cohortId, people.Eric.id, { ...input, exitDate: '2026-07-19' }, NOW)
			)
		).toBe('400 outcome_error_exit_before_join');
		expect(
			await refusalWithKey(
				recordExit(db, facilitatorA, cohortId, people.Eric.id, { ...input, exitDate: '2026-12-01' }, NOW)
			)
		).toBe('400 outcome_error_exit_future');
		// Left early without a reason, or a situation not in the list: the form says so.
		const early = parseForm(
			exitSchema,
			formData({ userId: people.Eric.id, exitDate: '2026-08-01', ending: 'left_early', situation: 'cdi' })
		);
		expect(early).toMatchObject({ ok: false, errors: { earlyReason: 'outcome_error_reason_required' } });
		const unknown = parseForm(checkpointAnswerSchema, formData({ checkpoint: 'm3', situation: 'astronaut' }));
		expect(unknown).toMatchObject({ ok: false, errors: { situation: 'form_invalid_choice' } });
		expect(await db.selectFrom('participant_exit').selectAll().execute()).toEqual(before);
	});

	it('lets only the cohort’s facilitators record exits and read the cohort’s outcomes', async () => {
		const { facilitatorB, director, admin, participantA } = actors;
		const exit = {
			exitDate: END,
			ending: 'completed' as const,
			earlyReason: null,
			situation: 'cdi' as const,
			contractBand: null
		};
		for (const actor of [facilitatorB, director, admin, participantA, people.Eric]) {
			expect(await refusal(recordExit(db, actor, cohortId, people.Eric.id, exit, NOW))).toBe(403);
			expect(await refusal(cohortOutcomes(db, actor, cohortId, NOW))).toBe(403);
			expect(await refusal(checkpointHistory(db, actor, cohortId, people.Awa.id, 'exit'))).toBe(403);
		}
		// A person of another cohort is "not found" here.
		expect(await refusal(recordExit(db, actors.facilitatorA, cohortId, participantA.id, exit, NOW))).toBe(404);
		for (const actor of [director, admin, actors.facilitatorA])
			expect(await refusal(myOutcomes(db, actor, NOW))).toBe(403);
	});

	it('tells each participant once, at midnight in Paris on the day +3 months opens', async () => {
		expect(await sendCheckpointNotices(db, M3_OPENS - 1)).toBe(0);
		// Five people, none answered yet.
		expect(await sendCheckpointNotices(db, M3_OPENS)).toBe(5);
		expect(await sendCheckpointNotices(db, M3_OPENS + 60_000)).toBe(0);
		const notices = await db
			.selectFrom('notification')
			.select(['user_id', 'kind', 'href'])
			.where('kind', '=', 'outcome_m3_open')
			.execute();
		expect(notices).toHaveLength(5);
		expect(notices[0].href).toBe('/me/outcomes');
	});

	it('takes a participant’s own answer only while the window is open, and keeps the replaced one', async () => {
		const awa = people.Awa;
		const answer = { checkpoint: 'm3' as const, situation: 'fixed_term_short' as const, contractBand: null };
		const empty = await counts();
		expect(await refusalWithKey(answerMyCheckpoint(db, awa, cohortId, answer, M3_OPENS - 1))).toBe(
			'409 outcome_error_window'
		);
		expect(await counts()).toEqual(empty);
		await answerMyCheckpoint(db, awa, cohortId, answer, M3_OPENS + 1000);
		await answerMyCheckpoint(
			db,
			awa,
			cohortId,
			{ ...answer, situation: 'cdi', contractBand: 'permanent' },
			M3_OPENS + 2000
		);
		const history = await checkpointHistory(db, actors.facilitatorA, cohortId, awa.id, 'm3');
		expect(history.map((r) => [r.situation, r.source, r.superseded_at])).toEqual([
			['fixed_term_short', 'participant', M3_OPENS + 2000],
			['cdi', 'participant', null]
		]);
		// Their own page shows it, still correctable.
		const [mine] = await myOutcomes(db, awa, M3_OPENS + 3000);
		expect(mine.checkpoints.find((c) => c.checkpoint === 'm3')).toMatchObject({
			state: 'open',
			answerable: true,
			record: { situation: 'cdi', contract_band: 'permanent' }
		});
		expect(mine.exit).toMatchObject({ exitDate: END, ending: 'completed' });
		// A band only goes with a job.
		await answerMyCheckpoint(
			db,
			people.Bruno,
			cohortId,
			{ checkpoint: 'm3', situation: 'job_seeking', contractBand: 'permanent' },
			M3_OPENS + 1000
		);
		expect((await current(people.Bruno.id, 'm3'))[0]).toMatchObject({ situation: 'job_seeking', contract_band: null });
	});

	it('refuses answers for someone else, another cohort or staff without a cohort', async () => {
		const answer = { checkpoint: 'm3' as const, situation: 'cdi' as const, contractBand: null };
		const at = M3_OPENS + 5000;
		// A participant never records through the facilitators' way, not even for themself.
		expect(await refusal(recordCheckpoint(db, people.Awa, cohortId, people.Bruno.id, answer, at))).toBe(403);
		expect(await refusal(recordCheckpoint(db, people.Awa, cohortId, people.Awa.id, answer, at))).toBe(403);
		// Their own answer, in someone else's cohort, or by staff: refused.
		expect(await refusal(answerMyCheckpoint(db, actors.participantA, cohortId, answer, at))).toBe(403);
		for (const staff of [actors.director, actors.admin, actors.facilitatorA])
			expect(await refusal(answerMyCheckpoint(db, staff, cohortId, answer, at))).toBe(403);
		expect(await refusal(recordCheckpoint(db, actors.director, cohortId, people.Bruno.id, answer, at))).toBe(403);
		expect(await refusal(recordCheckpoint(db, actors.facilitatorB, cohortId, people.Bruno.id, answer, at))).toBe(403);
		expect(
			await refusal(
				logFollowUpAttempt(
					db,
					actors.director,
					cohortId,
					people.Bruno.id,
					'm3',
					{
						channel: 'phone',
						reached: false
					},
					at
				)
			)
		).toBe(403);
		expect((await current(people.Bruno.id, 'm3'))[0].situation).toBe('job_seeking');
	});

	it('closes a checkpoint as "sans nouvelles" on the third failed attempt, not before', async () => {
		const { facilitatorA } = actors;
		const dalila = people.Dalila.id;
		const failed = { channel: 'phone' as const, reached: false };
		expect(await refusalWithKey(logFollowUpAttempt(db, facilitatorA, cohortId, dalila, 'm6', failed, M3_OPENS))).toBe(
			'409 outcome_error_window'
		);
		expect(await logFollowUpAttempt(db, facilitatorA, cohortId, dalila, 'm3', failed, M3_OPENS + 10)).toEqual({
			closed: false
		});
		// Reached, but nothing said yet: it does not count as a failure.
		await logFollowUpAttempt(
			db,
			facilitatorA,
			cohortId,
			dalila,
			'm3',
			{ channel: 'sms', reached: true },
			M3_OPENS + 20
		);
		expect(await logFollowUpAttempt(db, facilitatorA, cohortId, dalila, 'm3', failed, M3_OPENS + 30)).toEqual({
			closed: false
		});
		expect(await current(dalila, 'm3')).toEqual([]);
		expect(
			await logFollowUpAttempt(db, facilitatorA, cohortId, dalila, 'm3', { ...failed, channel: 'email' }, M3_OPENS + 40)
		).toEqual({ closed: true });
		expect(await current(dalila, 'm3')).toMatchObject([{ situation: 'no_news', source: 'system', recorded_by: null }]);
		const view = await cohortOutcomes(db, facilitatorA, cohortId, M3_OPENS + 50);
		expect(view.windows.m3.state).toBe('open');
		expect(view.people.find((p) => p.id === dalila)?.attempts.m3).toMatchObject({ total: 4, failed: 3 });
	});

	it('records what a facilitator was told, replacing "sans nouvelles" while the window is open', async () => {
		const { facilitatorA } = actors;
		await recordCheckpoint(
			db,
			facilitatorA,
			cohortId,
			people.Céline.id,
			{
				checkpoint: 'm3',
				situation: 'qualifying_training',
				contractBand: null,
				source: 'facilitator_contact',
				note: 'Formation d’aide-soignante'
			},
			M3_OPENS + 60
		);
		expect((await current(people.Céline.id, 'm3'))[0]).toMatchObject({
			situation: 'qualifying_training',
			source: 'facilitator_contact',
			recorded_by: facilitatorA.id,
			note: 'Formation d’aide-soignante'
		});
	});

	it('closes every unanswered checkpoint once its window has passed, once, even from two instances', async () => {
		expect(await closeUnansweredCheckpoints(db, M3_CLOSES - 1)).toBe(0);
		// Eric never answered; two app instances run the job at the same moment.
		const [a, b] = await Promise.all([
			closeUnansweredCheckpoints(db, M3_CLOSES),
			closeUnansweredCheckpoints(db, M3_CLOSES)
		]);
		expect(a + b).toBeGreaterThanOrEqual(1);
		expect(await current(people.Eric.id, 'm3')).toMatchObject([{ situation: 'no_news' }]);
		expect(await closeUnansweredCheckpoints(db, M3_CLOSES + 60_000)).toBe(0);
		const m3 = await db
			.selectFrom('outcome_record')
			.select('user_id')
			.where('cohort_id', '=', cohortId)
			.where('checkpoint', '=', 'm3')
			.where('superseded_at', 'is', null)
			.execute();
		expect(m3).toHaveLength(5);
		// Past its window, no answer is taken any more (and nothing is written).
		expect(
			await refusalWithKey(
				answerMyCheckpoint(
					db,
					people.Eric,
					cohortId,
					{ checkpoint: 'm3', situation: 'cdi', contractBand: null },
					M3_CLOSES + 1
				)
			)
		).toBe('409 outcome_error_window');
		expect(await current(people.Eric.id, 'm3')).toMatchObject([{ situation: 'no_news' }]);
	});

	it('exports a person’s outcomes, and erasure keeps the figures but not the words', async () => {
		const { facilitatorA } = actors;
		const celine = people.Céline.id;
		await db
			.insertInto('questionnaire_response')
			.values({
				id: 'qr-celine',
				cohort_id: cohortId,
				user_id: celine,
				answers: JSON.stringify({ useful: 'very', sentence: 'Merci Claire !' }),
				named: 1,
				submitted_at: NOW,
				updated_at: NOW
			})
			.execute();
		const exported = (await exportPersonData(db, facilitatorA, cohortId, celine, NOW)) as unknown as {
			outcomes: Awaited<ReturnType<typeof outcomesPersonData.collect>>;
		};
		expect(exported.outcomes).toMatchObject({
			exits: [{ exit_date: END, ending: 'completed' }],
			records: [
				{ checkpoint: 'exit', situation: 'job_seeking' },
				{ checkpoint: 'm3', note: 'Formation d’aide-soignante' }
			],
			questionnaire: [{ answers: { useful: 'very', sentence: 'Merci Claire !' }, named: 1 }]
		});
		const figures = await counts();
		await erasePerson(db, facilitatorA, cohortId, celine, 'Céline', { now: NOW });
		expect(await counts()).toEqual(figures);
		expect((await current(celine, 'm3'))[0]).toMatchObject({
			situation: 'qualifying_training',
			note: null,
			recorded_by: null
		});
		const response = await db
			.selectFrom('questionnaire_response')
			.selectAll()
			.where('id', '=', 'qr-celine')
			.executeTakeFirstOrThrow();
		expect([JSON.parse(response.answers), response.named]).toEqual([{ useful: 'very' }, 0]);
		// Nothing more is recorded for an erased person.
		expect(
			await refusalWithKey(
				recordCheckpoint(
					db,
					facilitatorA,
					cohortId,
					celine,
					{ checkpoint: 'm3', situation: 'cdi', contractBand: null },
					M3_OPENS + 70
				)
			)
		).toBe('410 outcome_error_erased');
		expect(
			await refusalWithKey(
				logFollowUpAttempt(
					db,
					facilitatorA,
					cohortId,
					celine,
					'm3',
					{ channel: 'phone', reached: false },
					M3_OPENS + 70
				)
			)
		).toBe('410 outcome_error_erased');
	});

	it('anonymises the records of cohorts ended over 24 months ago, keeping the figures', async () => {
		await db
			.insertInto('questionnaire_response')
			.values({
				id: 'qr-awa',
				cohort_id: cohortId,
				user_id: people.Awa.id,
				answers: JSON.stringify({ useful: 'a_little', sentence: 'Awa Diallo, contente' }),
				named: 1,
				submitted_at: NOW,
				updated_at: NOW
			})
			.execute();
		const figures = await counts();
		// 2028-08-15 is exactly 24 months after the end: not yet.
		expect(await anonymiseExpiredOutcomes(db, Date.parse('2028-08-15T10:00:00Z'))).not.toContain(cohortId);
		expect((await current(people.Bruno.id, 'exit'))[0].recorded_by).toBe(actors.facilitatorA.id);
		const expired = await anonymiseExpiredOutcomes(db, Date.parse('2028-08-16T10:00:00Z'));
		expect(expired).toContain(cohortId);
		expect(expired).not.toContain(actors.cohortA.id);
		expect(await counts()).toEqual(figures);
		const rows = await db.selectFrom('outcome_record').selectAll().where('cohort_id', '=', cohortId).execute();
		expect(rows.every((r) => r.note === null && r.recorded_by === null)).toBe(true);
		expect(await db.selectFrom('follow_up_attempt').selectAll().where('cohort_id', '=', cohortId).execute()).toEqual(
			[]
		);
		const response = await db
			.selectFrom('questionnaire_response')
			.selectAll()
			.where('id', '=', 'qr-awa')
			.executeTakeFirstOrThrow();
		expect([JSON.parse(response.answers), response.named]).toEqual([{ useful: 'a_little' }, 0]);
		// Run again: nothing changes.
		await anonymiseExpiredOutcomes(db, Date.parse('2028-08-16T10:00:00Z'));
		expect(await counts()).toEqual(figures);
	});
});
