import type { Db } from '#lib/server/db/index.ts';
import { newId } from '#lib/server/db/ids.ts';
import { DomainError } from '#lib/server/http/errors.ts';
import { requireCohortFacilitator, requireOwnParticipation, type Actor } from '#lib/server/auth/policy.ts';
import { myParticipantCohorts } from '#lib/server/cohorts/cohorts.ts';
import { addDays } from '#lib/server/cohorts/local-time.ts';
import {
	COUNTED_QUESTIONS,
	MIN_ANONYMOUS,
	nextQuestion,
	QUESTIONNAIRE_CHOICES,
	questionsFor,
	type QuestionnaireAnswers
} from '#lib/outcomes/questionnaire.ts';
import { cohortCalendar, isErased, settingsOf } from './outcomes.ts';
import { questionnaireWindow, windowState } from './schedule.ts';
import type { QuestionnaireAnswerInput } from './schemas.ts';
import { clock } from '#lib/server/clock.ts';

function parseAnswers(json: string): QuestionnaireAnswers {
	try {
		const parsed = JSON.parse(json) as unknown;
		return parsed && typeof parsed === 'object' ? parsed : {};
	} catch {
		return {};
	}
}

async function windowOf(db: Db, cohortId: string, now: number) {
	const calendar = await cohortCalendar(db, cohortId);
	return { calendar, window: windowFor(calendar, now) };
}

/** The questionnaire's window of a cohort, from its calendar. */
function windowFor(calendar: Parameters<typeof settingsOf>[0] & { end_date: string; time_zone: string }, now: number) {
	const w = questionnaireWindow(calendar.end_date, settingsOf(calendar), calendar.time_zone);
	return { opensOn: w.opensOn, closesOn: w.closesOn, lastOpenOn: addDays(w.closesOn, -1), state: windowState(w, now) };
}

/**
 * A participant answers one question of their cohort's end-of-club questionnaire, while it is open
 * (409 otherwise). A new answer replaces the previous one; saying the connection never failed drops
 * "what went wrong". The consent to be named is kept beside the answers (column `named`). Staff and
 * participants of other cohorts are refused (403). One transaction: read, merge, write.
 */
export async function answerQuestionnaire(
	db: Db,
	actor: Actor,
	cohortId: string,
	input: QuestionnaireAnswerInput,
	now = clock.now()
): Promise<{ next: ReturnType<typeof nextQuestion> }> {
	await requireOwnParticipation(db, actor, cohortId);
	const { window } = await windowOf(db, cohortId, now);
	if (window.state !== 'open')
		throw new DomainError(409, 'quest_error_window', `questionnaire of ${cohortId} is ${window.state}`);
	return db.transaction().execute(async (trx) => {
		const row = await trx
			.selectFrom('questionnaire_response')
			.select(['id', 'answers'])
			.where('cohort_id', '=', cohortId)
			.where('user_id', '=', actor.id)
			.executeTakeFirst();
		const answers = { ...(row ? parseAnswers(row.answers) : {}), [input.question]: input.value };
		if (answers.connection === 'never') delete answers.connection_what;
		const named = answers.named === 'yes' ? 1 : 0;
		await trx
			.insertInto('questionnaire_response')
			.values({
				id: row?.id ?? newId(),
				cohort_id: cohortId,
				user_id: actor.id,
				answers: JSON.stringify(answers),
				named,
				submitted_at: now,
				updated_at: now
			})
			.onConflict((oc) =>
				oc.columns(['cohort_id', 'user_id']).doUpdateSet({ answers: JSON.stringify(answers), named, updated_at: now })
			)
			.execute();
		return { next: nextQuestion(answers) };
	});
}

/**
 * The person's questionnaires, one per cohort of theirs whose questionnaire has opened (newest
 * first): its window, their answers so far, the next question and whether they may still change it.
 */
export async function myQuestionnaires(db: Db, actor: Actor, now = clock.now()) {
	const cohorts = await myParticipantCohorts(db, actor, 'no questionnaire of their own');
	const rows = await db
		.selectFrom('questionnaire_response')
		.select(['cohort_id', 'answers'])
		.where('user_id', '=', actor.id)
		.execute();
	const result = [];
	for (const c of cohorts) {
		const window = windowFor(c, now);
		if (window.state === 'not_yet') continue;
		const row = rows.find((r) => r.cohort_id === c.id);
		const answers = row ? parseAnswers(row.answers) : {};
		// A closed questionnaire never answered is nothing to show.
		if (window.state === 'closed' && !row) continue;
		result.push({
			cohort: { id: c.id, name: c.name },
			window,
			open: window.state === 'open',
			answers,
			questions: questionsFor(answers),
			next: nextQuestion(answers)
		});
	}
	return result;
}

type Counts = Record<string, number>;

/**
 * The cohort's questionnaire for its facilitators (directors and participants: 403): how many
 * answered; the answers counted per question, together — but only once at least MIN_ANONYMOUS people
 * answered without being named (or none did: then every answer is named anyway), so that nobody's
 * answers can be told apart; their free sentences, in alphabetical order, under the same rule; and the
 * answers of the people who agreed to be named, with their name.
 */
export async function cohortQuestionnaire(db: Db, actor: Actor, cohortId: string, now = clock.now()) {
	await requireCohortFacilitator(db, actor, cohortId);
	const { calendar, window } = await windowOf(db, cohortId, now);
	const participants = await db
		.selectFrom('cohort_member')
		.innerJoin('user', 'user.id', 'cohort_member.user_id')
		.select(['user.id', 'user.first_name', 'user.last_name', 'user.disabled_at'])
		.where('cohort_member.cohort_id', '=', cohortId)
		.where('cohort_member.role', '=', 'participant')
		.execute();
	const responses = (
		await db
			.selectFrom('questionnaire_response')
			.select(['user_id', 'answers', 'named'])
			.where('cohort_id', '=', cohortId)
			.execute()
	).map((r) => ({ userId: r.user_id, named: r.named === 1, answers: parseAnswers(r.answers) }));
	const anonymous = responses.filter((r) => !r.named).length;
	const shown = anonymous === 0 || anonymous >= MIN_ANONYMOUS;
	const counts = Object.fromEntries(
		COUNTED_QUESTIONS.map((q) => {
			const tally: Counts = Object.fromEntries(QUESTIONNAIRE_CHOICES[q].map((o) => [o, 0]));
			let answered = 0;
			for (const r of responses) {
				const value = r.answers[q];
				if (value === undefined || !(value in tally)) continue;
				tally[value]++;
				answered++;
			}
			return [q, { answered, counts: tally }];
		})
	) as Record<(typeof COUNTED_QUESTIONS)[number], { answered: number; counts: Counts }>;
	const named = responses
		.filter((r) => r.named)
		.map((r) => {
			const person = participants.find((p) => p.id === r.userId);
			return {
				userId: r.userId,
				firstName: person && !isErased(person) ? person.first_name : null,
				lastName: person && !isErased(person) ? person.last_name : null,
				answers: r.answers
			};
		})
		.filter((r) => r.firstName !== null)
		.sort((a, b) => (a.firstName ?? '').localeCompare(b.firstName ?? ''));
	const sentences = responses
		.filter((r) => !r.named && r.answers.sentence)
		.map((r) => r.answers.sentence as string)
		.sort((a, b) => a.localeCompare(b));
	return {
		cohort: { id: calendar.id, name: calendar.name },
		window,
		participants: participants.filter((p) => !isErased(p)).length,
		respondents: responses.length,
		anonymous,
		shown,
		counts: shown ? counts : null,
		sentences: shown ? sentences : [],
		named
	};
}
