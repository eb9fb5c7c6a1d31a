// The end-of-club questionnaire on both engines: answers one at a time inside the window, replaced
// answers, the skipped question, who may answer and read, the cohort's aggregate with its
// small-number rule and named answers, bad input, and what erasure and retention leave.
import { describe, expect, it } from 'vitest';
import type { Db } from '#lib/server/db/index.ts';
import { refusalWithKey } from '#lib/server/db/test-db.ts';
import type { DemoActors } from '#lib/server/seed/demo-actors.ts';
import type { Actor } from '#lib/server/auth/policy.ts';
import { cohortJoinedBy, formData, useSeededTestDb } from '#lib/server/db/test-fixtures.ts';
import { erasePerson, exportPersonData } from '#lib/server/privacy/person.ts';
import { parseForm } from '#lib/server/http/validation.ts';
import type { QuestionnaireAnswers } from '#lib/outcomes/questionnaire.ts';
import { anonymiseExpiredOutcomes } from './outcomes.ts';
import { answerQuestionnaire, cohortQuestionnaire, myQuestionnaires } from './questionnaire.ts';
import { questionnaireAnswerSchema } from './schemas.ts';

let db: Db;
let actors: DemoActors;
const NOW = Date.parse('2026-11-02T10:00:00Z');
// The club's last day is 13 March 2026 (Paris, winter time): the questionnaire opens that midnight
// (23:00 UTC the day before) and stays open 30 days, across the change to summer time on 29 March.
const END = '2026-03-13';
const OPENS = Date.parse('2026-03-12T23:00:00Z');
const CLOSES = Date.parse('2026-04-11T22:00:00Z');
const DURING = OPENS + 3 * 3600_000;
let cohortId: string;
let people: Record<string, Actor>;

const stored = async (userId: string) => {
	const row = await db
		.selectFrom('questionnaire_response')
		.selectAll()
		.where('cohort_id', '=', cohortId)
		.where('user_id', '=', userId)
		.executeTakeFirst();
	return row && { answers: JSON.parse(row.answers) as QuestionnaireAnswers, named: row.named };
};
/** A whole questionnaire, answered one question at a time as the page sends them. */
async function answerAll(person: Actor, answers: QuestionnaireAnswers, at = DURING) {
	for (const [question, value] of Object.entries(answers))
		await answerQuestionnaire(db, person, cohortId, { question: question as 'useful', value }, at);
}

useSeededTestDb(NOW, async (seeded) => {
	({ db, actors } = seeded);
	({ cohortId, people } = await cohortJoinedBy(
		db,
		actors.facilitatorA,
		{ name: 'Club de février', startDate: '2026-02-16', endDate: END },
		['Awa', 'Bruno', 'Céline', 'Dalila', 'Eric', 'Farid'],
		{ joinedAt: NOW, now: NOW }
	));
});

describe(`the end-of-club questionnaire on ${process.env.TEST_DB}`, () => {
	it('opens on the club’s last day for 30 days, club time, across a change to summer time', async () => {
		const { Awa } = people;
		const answer = (at: number) => answerQuestionnaire(db, Awa, cohortId, { question: 'useful', value: 'very' }, at);
		expect(await refusalWithKey(answer(OPENS - 1))).toBe('409 quest_error_window');
		expect(await myQuestionnaires(db, Awa, OPENS - 1)).toEqual([]);
		expect(await refusalWithKey(answer(CLOSES))).toBe('409 quest_error_window');
		expect(await stored(Awa.id)).toBeUndefined();
		expect(await refusalWithKey(answer(OPENS))).toBe('allowed');
		expect(await refusalWithKey(answer(CLOSES - 1))).toBe('allowed');
		const [mine] = await myQuestionnaires(db, Awa, CLOSES - 1);
		expect(mine.window).toEqual({ opensOn: END, closesOn: '2026-04-12', lastOpenOn: '2026-04-11', state: 'open' });
		expect(mine.next).toBe('helped');
	});

	it('takes one answer at a time, replaces an answer, and skips "what went wrong" after "never"', async () => {
		const { Bruno } = people;
		const steps: [string, string][] = [
			['useful', 'quite'],
			['helped', 'salon'],
			['connection', 'often'],
			['connection_what', 'data'],
			['recommend', 'yes'],
			['sentence', ''],
			['named', 'yes']
		];
		const nexts = [];
		for (const [question, value] of steps)
			nexts.push(
				(await answerQuestionnaire(db, Bruno, cohortId, { question: question as 'useful', value }, DURING)).next
			);
		expect(nexts).toEqual(['helped', 'connection', 'connection_what', 'recommend', 'sentence', 'named', null]);
		expect(await stored(Bruno.id)).toEqual({
			answers: Object.fromEntries(steps),
			named: 1
		});
		// Changing his mind: the connection never failed after all; he withdraws his name.
		await answerQuestionnaire(db, Bruno, cohortId, { question: 'connection', value: 'never' }, DURING + 1);
		await answerQuestionnaire(db, Bruno, cohortId, { question: 'named', value: 'no' }, DURING + 2);
		const after = await stored(Bruno.id);
		expect(after?.answers).not.toHaveProperty('connection_what');
		expect(after).toMatchObject({ answers: { connection: 'never', named: 'no' }, named: 0 });
		const [mine] = await myQuestionnaires(db, Bruno, DURING);
		expect([mine.questions.length, mine.next]).toEqual([6, null]);
		expect(
			await db.selectFrom('questionnaire_response').select('id').where('user_id', '=', Bruno.id).execute()
		).toHaveLength(1);
	});

	it('lets only the person answer, in a cohort of theirs', async () => {
		const body = { question: 'useful' as const, value: 'very' };
		const { facilitatorA, facilitatorB, director, participantA } = actors;
		for (const actor of [facilitatorA, facilitatorB, director, participantA])
			expect(await refusalWithKey(answerQuestionnaire(db, actor, cohortId, body, DURING))).toMatch(/^403 /);
		expect(await refusalWithKey(myQuestionnaires(db, facilitatorA, DURING))).toMatch(/^403 /);
		expect(
			await db.selectFrom('questionnaire_response').select('id').where('cohort_id', '=', cohortId).execute()
		).toHaveLength(2);
	});

	it('refuses an answer not in the question’s list, an unknown question and markup, with the field named', () => {
		const base = { cohortId: 'abcdefghijklmnop' };
		const errors = (values: Record<string, string>) => {
			const parsed = parseForm(questionnaireAnswerSchema, formData({ ...base, ...values }));
			return parsed.ok ? null : parsed.errors;
		};
		expect(errors({ question: 'useful', value: 'often' })).toEqual({ value: 'form_invalid_choice' });
		expect(errors({ question: 'useful', value: '' })).toEqual({ value: 'form_invalid_choice' });
		expect(errors({ question: 'age', value: 'very' })).toEqual({ question: 'form_invalid_choice' });
		expect(errors({ question: 'sentence', value: '<b>Merci</b>' })).toEqual({ value: 'form_no_markup' });
		expect(errors({ question: 'sentence', value: 'x'.repeat(201) })).toEqual({ value: 'form_too_long|200' });
		expect(errors({ question: 'sentence', value: '' })).toBeNull();
		expect(errors({ question: 'named', value: 'yes' })).toBeNull();
	});

	it('shows the facilitator the group’s answers only from 3 unnamed people, and named answers with the name', async () => {
		const { facilitatorA, facilitatorB, director, participantA } = actors;
		for (const actor of [facilitatorB, director, participantA, people.Awa])
			expect(await refusalWithKey(cohortQuestionnaire(db, actor, cohortId, DURING))).toMatch(/^403 /);
		// Awa (one answer, unnamed) and Bruno (unnamed): 2 unnamed people, their answers stay hidden.
		await answerAll(people.Céline, {
			useful: 'very',
			helped: 'group',
			connection: 'sometimes',
			connection_what: 'sound',
			recommend: 'yes',
			sentence: 'Merci Claire, vraiment.',
			named: 'yes'
		});
		let view = await cohortQuestionnaire(db, facilitatorA, cohortId, DURING);
		expect([view.respondents, view.anonymous, view.shown, view.counts, view.sentences]).toEqual([
			3,
			2,
			false,
			null,
			[]
		]);
		expect(view.named).toEqual([
			{
				userId: people.Céline.id,
				firstName: 'Céline',
				lastName: null,
				answers: expect.objectContaining({ helped: 'group', sentence: 'Merci Claire, vraiment.' })
			}
		]);
		await answerAll(people.Dalila, {
			useful: 'very',
			helped: 'live',
			connection: 'often',
			connection_what: 'data',
			recommend: 'maybe',
			sentence: 'Le salon de thé, c’était bien.',
			named: 'no'
		});
		view = await cohortQuestionnaire(db, facilitatorA, cohortId, DURING);
		expect([view.respondents, view.participants, view.anonymous, view.shown]).toEqual([4, 6, 3, true]);
		// Awa: useful very; Bruno: quite, salon, never, yes; Céline and Dalila as above.
		expect(view.counts).toEqual({
			useful: { answered: 4, counts: { very: 3, quite: 1, a_little: 0, not: 0 } },
			helped: {
				answered: 3,
				counts: { live: 1, in_person: 0, between: 0, group: 1, salon: 1, facilitator: 0 }
			},
			connection: { answered: 3, counts: { never: 1, sometimes: 1, often: 1 } },
			connection_what: { answered: 2, counts: { data: 1, device: 0, sound: 1, video: 0, app: 0, other: 0 } },
			recommend: { answered: 3, counts: { yes: 2, maybe: 1, no: 0 } }
		});
		// Only the unnamed people's sentences, without names, in alphabetical order.
		expect(view.sentences).toEqual(['Le salon de thé, c’était bien.']);
		expect(view.named.map((n) => n.firstName)).toEqual(['Céline']);
	});

	it('exports the answers; erasure and retention drop the sentence and the name, keeping the counts', async () => {
		const { facilitatorA } = actors;
		const exported = (await exportPersonData(db, facilitatorA, cohortId, people.Céline.id, DURING)) as unknown as {
			outcomes: { questionnaire: { answers: QuestionnaireAnswers; named: number }[] };
		};
		expect(exported.outcomes.questionnaire).toMatchObject([
			{ answers: { sentence: 'Merci Claire, vraiment.', named: 'yes' }, named: 1 }
		]);
		const before = await cohortQuestionnaire(db, facilitatorA, cohortId, DURING);
		await erasePerson(db, facilitatorA, cohortId, people.Céline.id, 'Céline', { now: DURING });
		const erased = await stored(people.Céline.id);
		expect(erased).toEqual({
			answers: { useful: 'very', helped: 'group', connection: 'sometimes', connection_what: 'sound', recommend: 'yes' },
			named: 0
		});
		let view = await cohortQuestionnaire(db, facilitatorA, cohortId, DURING);
		expect(view.counts).toEqual(before.counts);
		expect(view.named).toEqual([]);
		// Two years and a day after the club: every sentence and consent goes, the counts stay.
		await anonymiseExpiredOutcomes(db, Date.parse('2028-03-14T12:00:00Z'));
		view = await cohortQuestionnaire(db, facilitatorA, cohortId, Date.parse('2028-03-14T12:00:00Z'));
		expect(view.counts).toEqual(before.counts);
		expect([view.sentences, view.named]).toEqual([[], []]);
		const dalila = await stored(people.Dalila.id);
		expect(dalila?.answers).not.toHaveProperty('sentence');
		expect(dalila?.answers).not.toHaveProperty('named');
	});
});
