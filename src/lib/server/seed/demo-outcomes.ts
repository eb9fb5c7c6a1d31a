import type { Db } from '#lib/server/db/index.ts';
import type { Actor } from '#lib/server/auth/policy.ts';
import { zonedInstant, zonedParts } from '#lib/server/cohorts/local-time.ts';
import type { ContractDurationBand, EarlyReason, Situation } from '#lib/outcomes/situations.ts';
import {
	answerMyCheckpoint,
	closeUnansweredCheckpoints,
	logFollowUpAttempt,
	recordCheckpoint,
	recordExit
} from '#lib/server/outcomes/outcomes.ts';
import { answerQuestionnaire } from '#lib/server/outcomes/questionnaire.ts';
import { checkpointWindow, DEFAULT_FOLLOW_UP, questionnaireWindow } from '#lib/server/outcomes/schedule.ts';
import type { Question } from '#lib/outcomes/questionnaire.ts';
import { DEMO_COHORTS } from './demo.ts';

const DAY = 86_400_000;
type Said = [Situation, ContractDurationBand | null, 'participant' | 'facilitator_contact'] | 'no_news' | 'attempts';
/** Last year's people: how they left, and what they said at +3 and +6 months ('attempts' = 3 calls unanswered). */
const LAST_YEAR: [nameKey: string, early: EarlyReason | null, exit: Situation, m3: Said, m6: Said][] = [
	[
		'yasmina',
		null,
		'qualifying_training',
		['qualifying_training', null, 'participant'],
		['qualifying_training', null, 'participant']
	],
	[
		'olivier',
		null,
		'job_seeking',
		['fixed_term_short', 'under_6_months', 'participant'],
		['cdi', 'permanent', 'participant']
	],
	[
		'amina',
		null,
		'job_seeking',
		['job_seeking', null, 'facilitator_contact'],
		['subsidised_contract', 'six_months_or_more', 'facilitator_contact']
	],
	['laurent', null, 'fixed_term_short', ['fixed_term_long', 'six_months_or_more', 'participant'], 'no_news'],
	['chloe', null, 'job_seeking', ['work_study', null, 'participant'], ['work_study', null, 'participant']],
	['youssef', 'found_job', 'cdi', ['cdi', 'permanent', 'facilitator_contact'], ['cdi', 'permanent', 'participant']],
	['brigitte', null, 'job_seeking', ['job_seeking', null, 'participant'], ['job_seeking', null, 'facilitator_contact']],
	[
		'marie-claire',
		null,
		'integration_structure',
		['integration_structure', null, 'participant'],
		['fixed_term_short', 'under_6_months', 'participant']
	],
	['dylan', 'stopped_coming', 'job_seeking', 'attempts', 'no_news'],
	[
		'sandrine',
		null,
		'job_seeking',
		['business_creation', null, 'participant'],
		['business_creation', null, 'participant']
	],
	['rachid', null, 'inactive', 'no_news', ['job_seeking', null, 'facilitator_contact']]
];
/** Last year's end-of-club questionnaire: eight of eleven answered, two agreed to be named. */
const LAST_YEAR_QUESTIONNAIRE: [nameKey: string, answers: Partial<Record<Question, string>>][] = [
	[
		'yasmina',
		{
			useful: 'very',
			helped: 'group',
			connection: 'sometimes',
			connection_what: 'data',
			recommend: 'yes',
			sentence: 'Le groupe m’a donné du courage.',
			named: 'yes'
		}
	],
	['olivier', { useful: 'quite', helped: 'live', connection: 'never', recommend: 'yes', sentence: '', named: 'no' }],
	[
		'amina',
		{
			useful: 'very',
			helped: 'salon',
			connection: 'often',
			connection_what: 'device',
			recommend: 'yes',
			sentence: 'Le salon de thé, c’était le meilleur moment.',
			named: 'no'
		}
	],
	['laurent', { useful: 'a_little', helped: 'between', connection: 'never', recommend: 'maybe', named: 'no' }],
	[
		'chloe',
		{ useful: 'very', helped: 'facilitator', connection: 'sometimes', connection_what: 'sound', recommend: 'yes' }
	],
	['brigitte', { useful: 'quite', helped: 'in_person', connection: 'never', recommend: 'yes', named: 'yes' }],
	[
		'marie-claire',
		{ useful: 'very', helped: 'group', connection: 'often', connection_what: 'app', recommend: 'yes', named: 'no' }
	],
	['sandrine', { useful: 'quite', helped: 'live', connection: 'never', recommend: 'maybe', sentence: '', named: 'no' }]
];

/** Two people of the running cohort left early. */
const RUNNING: [nameKey: string, early: EarlyReason, exit: Situation, band: ContractDurationBand | null][] = [
	['kevin', 'found_job', 'fixed_term_short', 'under_6_months'],
	['patrick', 'health', 'inactive', null]
];

async function cohortPeople(db: Db, code: string) {
	const cohort = await db
		.selectFrom('cohort')
		.innerJoin('organisation', 'organisation.id', 'cohort.organisation_id')
		.select(['cohort.id', 'cohort.start_date', 'cohort.end_date', 'organisation.time_zone'])
		.where('cohort.code', '=', code)
		.executeTakeFirstOrThrow();
	const members = await db
		.selectFrom('cohort_member')
		.innerJoin('user', 'user.id', 'cohort_member.user_id')
		.select([
			'user.id',
			'user.organisation_id',
			'user.role',
			'user.first_name',
			'user.last_name',
			'user.email',
			'name_key'
		])
		.where('cohort_member.cohort_id', '=', cohort.id)
		.where('cohort_member.role', '=', 'participant')
		.execute();
	const person = (key: string): Actor => {
		const { name_key: _key, ...actor } = members.find((m) => m.name_key === key)!;
		return actor;
	};
	return { cohort, person };
}

/**
 * Exits and follow-up answers, through the outcomes domain: last year's cohort left (two early) and
 * answered at +3 and +6 months, mostly, the rest closed "sans nouvelles"; the running cohort has two
 * early leavers. Only checkpoints whose window had opened by `now` are answered.
 */
export async function seedDemoOutcomes(db: Db, facilitators: { now: Actor; lastYear: Actor }, now: number) {
	const last = await cohortPeople(db, DEMO_COHORTS.lastYear.code);
	const tz = last.cohort.time_zone;
	// Last year's people joined on the first morning (the demo redeems their invites today).
	await db
		.updateTable('cohort_member')
		.set({ joined_at: Math.min(zonedInstant(last.cohort.start_date, '09:00', tz), now) })
		.where('cohort_id', '=', last.cohort.id)
		.where('role', '=', 'participant')
		.execute();
	const endAt = Math.min(zonedInstant(last.cohort.end_date, '17:00', tz), now);
	for (const [key, early, exitSituation, m3, m6] of LAST_YEAR) {
		const person = last.person(key);
		const exitDate = early ? zonedParts(endAt - 10 * DAY, tz).date : last.cohort.end_date;
		await recordExit(
			db,
			facilitators.lastYear,
			last.cohort.id,
			person.id,
			{
				exitDate,
				ending: early ? 'left_early' : 'completed',
				earlyReason: early,
				situation: exitSituation,
				contractBand: exitSituation === 'cdi' ? 'permanent' : null
			},
			endAt
		);
		for (const [checkpoint, said, offsetDays] of [
			['m3', m3, 3],
			['m6', m6, 5]
		] as const) {
			const w = checkpointWindow(checkpoint, last.cohort.end_date, DEFAULT_FOLLOW_UP, tz);
			if (now < w.opensAt || said === 'no_news') continue;
			const at = Math.min(w.opensAt + offsetDays * DAY, now);
			if (said === 'attempts') {
				for (const [i, channel] of (['phone', 'sms', 'phone'] as const).entries())
					await logFollowUpAttempt(
						db,
						facilitators.lastYear,
						last.cohort.id,
						person.id,
						checkpoint,
						{ channel, reached: false },
						at + i * DAY
					);
				continue;
			}
			const [situation, contractBand, source] = said;
			const answer = { checkpoint, situation, contractBand };
			if (source === 'participant') await answerMyCheckpoint(db, person, last.cohort.id, answer, at);
			else await recordCheckpoint(db, facilitators.lastYear, last.cohort.id, person.id, { ...answer, source }, at);
		}
	}
	// The questionnaire, answered on the club's last afternoon (the window opens that midnight).
	const questionnaireOpens = questionnaireWindow(last.cohort.end_date, DEFAULT_FOLLOW_UP, tz).opensAt;
	if (questionnaireOpens < now) {
		const at = Math.min(questionnaireOpens + 15 * 3600_000, now);
		for (const [key, answers] of LAST_YEAR_QUESTIONNAIRE)
			for (const [question, value] of Object.entries(answers) as [Question, string][])
				await answerQuestionnaire(db, last.person(key), last.cohort.id, { question, value }, at);
	}
	// What was never answered is "sans nouvelles" once its window passed.
	await closeUnansweredCheckpoints(db, now);

	const running = await cohortPeople(db, DEMO_COHORTS.now.code);
	const today = zonedParts(now, running.cohort.time_zone).date;
	for (const [key, early, situation, band] of RUNNING) {
		await recordExit(
			db,
			facilitators.now,
			running.cohort.id,
			running.person(key).id,
			{ exitDate: today, ending: 'left_early', earlyReason: early, situation, contractBand: band },
			now
		);
	}
}
