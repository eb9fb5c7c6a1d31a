import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '#lib/server/db/index.ts';
import { openTestDb, refusal } from '#lib/server/db/test-db.ts';
import type { Actor } from '#lib/server/auth/policy.ts';
import type { Modality } from '#lib/server/db/schema.ts';
import { AUTONOMY_DIMENSIONS } from '#lib/autonomy/ladder.ts';
import { decideLevel } from '#lib/server/skills/rules.ts';
import {
	SITUATION_CATEGORY,
	type Checkpoint,
	type RecordedSituation,
	type Situation
} from '#lib/outcomes/situations.ts';
import { AGE_BANDS, EDUCATION_LEVELS, OBSTACLES, OUT_OF_WORK } from '#lib/server/profiles/schemas.ts';
import { addDays, zonedInstant } from '#lib/server/cohorts/local-time.ts';
import { median, ratioInterval, tInterval, wilson } from '#lib/insights/stats.ts';
import reference from '#lib/insights/fixtures/logit-reference.json' with { type: 'json' };
import {
	buildCohort,
	buildOrganisation,
	buildParticipant,
	buildProgramme,
	buildUser,
	type BuiltCohort
} from './club-builder.ts';
import { recordMark } from '#lib/server/attendance/attendance.ts';
import { cohortBilan, insightsView, NO_FILTER, pageOf } from './insights.ts';
import { parsePage } from './schemas.ts';
import { insightsCsv } from './csv.ts';
import type { Figure } from './figures.ts';

const TZ = 'Europe/Paris';
const NO_REGISTER = 'C5 hybride sans feuille 2025';
const NOW = Date.parse('2026-11-30T12:00:00Z');
const CORE = ['join_video_call', 'use_chat'];
const SITS: RecordedSituation[] = [
	'cdi',
	'job_seeking',
	'fixed_term_short',
	'qualifying_training',
	'no_news',
	'inactive',
	'fixed_term_long'
];

let db: Db;
let drop: () => Promise<void>;
const actors = {} as Record<'director' | 'admin' | 'f1' | 'f2' | 'participant' | 'otherDirector', Actor>;
const cohorts: (BuiltCohort & { name: string; modality: Modality; size: number })[] = [];
const names: string[] = [];

const actor = async (id: string): Promise<Actor> =>
	db
		.selectFrom('user')
		.select(['id', 'organisation_id', 'role', 'first_name', 'last_name', 'email'])
		.where('id', '=', id)
		.executeTakeFirstOrThrow();

beforeAll(async () => {
	({ db, drop } = await openTestDb());
	const org = await buildOrganisation(db, 'Club test', TZ, NOW);
	const director = await buildUser(db, org, 'director', 'Dir', 'dir@test.fr', NOW);
	const admin = await buildUser(db, org, 'admin', 'Adm', 'adm@test.fr', NOW);
	const f1 = await buildUser(db, org, 'facilitator', 'Fa', 'fa@test.fr', NOW);
	const f2 = await buildUser(db, org, 'facilitator', 'Fb', 'fb@test.fr', NOW);
	const programme = await buildProgramme(db, org, admin, 'Club emploi', CORE, NOW);
	// C5 never kept a register: no attendance row for anyone ("non renseigné", not 0 %).
	const plan: [string, Modality, string, number, string][] = [
		['C1 distance 2025', 'remote', '2025-01-06', 6, f1],
		['C2 hybride 2025', 'hybrid', '2025-03-03', 7, f2],
		['C3 présentiel 2024', 'in_person', '2024-09-02', 4, f1],
		['C4 distance 2024', 'remote', '2024-05-06', 8, f2],
		[NO_REGISTER, 'hybrid', '2025-06-02', 9, f2]
	];
	for (const [c, [name, modality, startDate, size, facilitatorId]] of plan.entries()) {
		const cohort = await buildCohort(db, {
			organisationId: org,
			programmeId: programme,
			name,
			startDate,
			// The last session's register was never taken (no one has a row for it): left out, counted apart.
			activities: [
				{ day: 0, minutes: 120 },
				{ day: 2, minutes: 120 },
				{ day: 4, minutes: 60, optional: true },
				{ day: 6, minutes: 90 }
			],
			assignmentOn: 0,
			modality,
			facilitatorId,
			timeZone: TZ,
			now: NOW
		});
		cohorts.push({ ...cohort, name, modality, size });
		for (let i = 0; i < size; i++) {
			const firstName = `Zéphyrin${c}x${i}`;
			names.push(firstName);
			await buildParticipant(
				db,
				org,
				cohort,
				{
					firstName,
					minutes:
						name === NO_REGISTER
							? []
							: [(i * 37 + c * 11) % 131, i % 3 === 0 ? null : 120 - i * 5, i % 2 ? 30 : undefined],
					handIn: (['on_time', 'late', 'missing'] as const)[(i + c) % 3],
					evidence: [
						...(i % 2
							? [{ skillId: 'join_video_call', level: 'with_help' as const, source: 'self' as const, day: -2 }]
							: []),
						...(i % 3 !== 1
							? [{ skillId: 'join_video_call', level: 'autonomous' as const, source: 'observed' as const, day: 1 }]
							: []),
						...(i % 4 === 0
							? [{ skillId: 'use_chat', level: 'with_help' as const, source: 'observed' as const, day: -1 }]
							: []),
						...(i % 2 === 0
							? [{ skillId: 'use_chat', level: 'autonomous' as const, source: 'facilitator' as const, day: 3 }]
							: []),
						...(i % 5 === 1
							? [{ skillId: 'use_chat', level: 'autonomous' as const, source: 'self' as const, day: 2 }]
							: [])
					],
					autonomy:
						i % 5 === 4
							? null
							: {
									intake: [1 + (i % 3), 2, null, 1, 2, 3],
									end: i % 4 === 3 ? null : [3, 2 + (i % 2), 4, null, 3, 3 + (c % 2)]
								},
					goals: { achieved: i % 3, open: (i + c) % 2 },
					informalMinutes: (i * 15) % 60,
					deviceCheckDay: i % 3 === 0 ? 2 : i % 3 === 1 ? 9 : null,
					profile:
						i % 6 === 5
							? null
							: {
									ageBand: AGE_BANDS[(i + c) % 5],
									education: EDUCATION_LEVELS[i % 5],
									outOfWork: OUT_OF_WORK[(i * 2 + c) % 5],
									benefits: i % 2 ? ['rsa'] : ['are'],
									obstacles: OBSTACLES.slice(0, i % 3),
									consent: i % 7 !== 6
								},
					outcomes: {
						exit: SITS[(i + c) % SITS.length],
						...(i % 4 !== 2 ? { m3: SITS[(i * 2 + c) % SITS.length] } : {}),
						...(i % 3 !== 2 ? { m6: SITS[(i * 3 + c + 1) % SITS.length] } : {})
					},
					superseded: i % 2 ? { exit: 'cdi' } : undefined
				},
				TZ,
				NOW
			);
		}
	}
	// Marks written by the domain, as a facilitator's sheet writes them (no LiveKit seconds): the in-person
	// cohort's first person present for the whole second session, its third by phone for 45 minutes.
	const c3 = cohorts[2];
	const c3People = await db
		.selectFrom('cohort_member')
		.innerJoin('user', 'user.id', 'cohort_member.user_id')
		.select(['user.id', 'user.first_name'])
		.where('cohort_member.cohort_id', '=', c3.id)
		.where('user.first_name', 'in', ['Zéphyrin2x0', 'Zéphyrin2x2'])
		.orderBy('user.first_name')
		.execute();
	const required = await db
		.selectFrom('activity')
		.select('id')
		.where('cohort_id', '=', c3.id)
		.where('optional', '=', 0)
		.orderBy('starts_at')
		.execute();
	const facilitatorOfC3 = await actor(f1);
	await recordMark(db, facilitatorOfC3, required[1].id, c3People[0].id, {
		status: 'present',
		mode: 'in_person',
		minutes: null
	});
	await recordMark(db, facilitatorOfC3, required[0].id, c3People[1].id, { status: 'late', mode: 'phone', minutes: 45 });
	actors.director = await actor(director);
	actors.admin = await actor(admin);
	actors.f1 = await actor(f1);
	actors.f2 = await actor(f2);
	const someone = await db
		.selectFrom('cohort_member')
		.select('user_id')
		.where('role', '=', 'participant')
		.executeTakeFirstOrThrow();
	actors.participant = await actor(someone.user_id);
	// A second organisation: the reference dataset of the model, seeded as a club.
	const org2 = await buildOrganisation(db, 'Club référence', TZ, NOW);
	const director2 = await buildUser(db, org2, 'director', 'Dir2', 'dir2@test.fr', NOW);
	actors.otherDirector = await actor(director2);
	await seedReference(org2, director2);
}, 240_000);

afterAll(async () => drop());

/** The fixture's rows as people of 30 cohorts (bench/insights/reference-fit.py). */
async function seedReference(org: string, facilitator: string) {
	const skills = ['join_video_call', 'use_chat', 'raise_hand', 'share_screen'];
	const programme = await buildProgramme(db, org, facilitator, 'Référence', skills, NOW);
	const built = new Map<number, BuiltCohort>();
	for (const row of reference.rows) {
		let cohort = built.get(row.cohort);
		if (!cohort) {
			cohort = await buildCohort(db, {
				organisationId: org,
				programmeId: programme,
				name: `R${row.cohort}`,
				startDate: '2025-01-06',
				activities: [0, 1, 2, 3].map((day) => ({ day, minutes: 120 })),
				assignmentOn: null,
				modality: row.modality as Modality,
				facilitatorId: facilitator,
				timeZone: TZ,
				now: NOW
			});
			built.set(row.cohort, cohort);
		}
		const minutes = [0, 1, 2, 3].map((k) => Math.max(0, Math.min(120, row.presentMinutes - 120 * k)));
		await buildParticipant(
			db,
			org,
			cohort,
			{
				firstName: 'Réf',
				minutes,
				handIn: 'missing',
				evidence: skills
					.slice(0, row.skillsGained)
					.map((skillId) => ({ skillId, level: 'autonomous', source: 'observed', day: 1 })),
				autonomy: {
					intake: AUTONOMY_DIMENSIONS.map(() => 1),
					end: AUTONOMY_DIMENSIONS.map(() => 1 + row.autonomyGain)
				},
				goals: { achieved: 0, open: 0 },
				informalMinutes: row.informalMinutes,
				deviceCheckDay: row.deviceCheck ? 1 : null,
				profile: {
					ageBand: '26_34',
					education: 'bac',
					outOfWork: row.longOutOfWork ? 'over_24m' : 'under_6m',
					benefits: [],
					obstacles: OBSTACLES.slice(0, row.obstacles),
					consent: true
				},
				outcomes:
					row.m6 === 'positive'
						? { m6: 'cdi' }
						: row.m6 === 'negative'
							? { m6: 'job_seeking' }
							: row.m6 === 'no_news'
								? { m6: 'no_news' }
								: {}
			},
			TZ,
			NOW
		);
	}
}

// ——— The test's own recomputation, from raw rows ———

type Expected = {
	/** No register was ever taken for the people it would count ("non renseigné"). */
	unrecorded?: boolean;
	/** Begun required sessions with no register (attendance and completion). */
	sessionsWithoutRegister?: number;
	numerator: number | null;
	denominator: number;
	people: number;
	value: number | null;
	low?: number | null;
	high?: number | null;
};

/**
 * Minutes present as the register counts them (the attendance sheet's rule): a facilitator's mark or a
 * check-in is their word (the minutes written, else the whole session) unless LiveKit measured video or
 * audio minutes; LiveKit's minutes are capped at the session's length; absent and excused count 0.
 */
function registerMinutes(
	row: { mode: string; source: string; seconds: number; marked_minutes: number | null },
	activity: { duration_minutes: number }
): number {
	if (row.mode === 'absent' || row.mode === 'excused') return 0;
	const measured = (row.mode === 'video' || row.mode === 'audio') && row.seconds > 0;
	if (row.source !== 'livekit' && !measured) return row.marked_minutes ?? activity.duration_minutes;
	return Math.min(row.seconds / 60, activity.duration_minutes);
}

async function recompute(cohortIds: string[]): Promise<Map<string, Expected>> {
	const members = await db
		.selectFrom('cohort_member')
		.selectAll()
		.where('cohort_id', 'in', cohortIds)
		.where('role', '=', 'participant')
		.execute();
	const activities = await db.selectFrom('activity').selectAll().where('cohort_id', 'in', cohortIds).execute();
	const attendance = await db.selectFrom('attendance').selectAll().execute();
	const cohortRows = await db.selectFrom('cohort').selectAll().where('id', 'in', cohortIds).execute();
	const evidence = await db.selectFrom('skill_evidence').selectAll().execute();
	const assessments = await db
		.selectFrom('autonomy_assessment')
		.selectAll()
		.where('cohort_id', 'in', cohortIds)
		.execute();
	const scores = await db.selectFrom('autonomy_score').selectAll().execute();
	const goals = await db.selectFrom('goal').selectAll().where('cohort_id', 'in', cohortIds).execute();
	const moments = await db.selectFrom('informal_moment').selectAll().execute();
	const momentPeople = await db.selectFrom('informal_moment_person').selectAll().execute();
	const submissions = await db.selectFrom('submission').selectAll().execute();
	const assignments = await db.selectFrom('assignment').selectAll().execute();
	const records = await db.selectFrom('outcome_record').selectAll().where('cohort_id', 'in', cohortIds).execute();
	const out = new Map<string, Expected>();
	const share = (key: string, x: number, n: number, people = n) => {
		const ci = wilson(x, n);
		out.set(key, { numerator: x, denominator: n, people, value: n ? x / n : null, low: ci?.low, high: ci?.high });
	};
	// The register rule: a begun session's register was taken when anyone has a row for it; the others are
	// left out of attendance and completion (counted apart), and a cohort with none is "non renseigné".
	const required = activities.filter((a) => !a.optional && a.cancelled_at === null && a.starts_at < NOW);
	const taken = (a: { id: string }) => attendance.some((r) => r.activity_id === a.id);
	const withoutRegister = new Map<string, number>();
	for (const a of required)
		if (!taken(a)) withoutRegister.set(a.cohort_id, (withoutRegister.get(a.cohort_id) ?? 0) + 1);
	const perPerson = members.map((m) => {
		const mine = required.filter((a) => a.cohort_id === m.cohort_id && taken(a));
		const unrecorded = mine.length === 0 && (withoutRegister.get(m.cohort_id) ?? 0) > 0;
		const scheduled = mine.reduce((s, a) => s + a.duration_minutes, 0);
		const present = mine.reduce((s, a) => {
			const row = attendance.find((r) => r.activity_id === a.id && r.user_id === m.user_id);
			return s + (row ? registerMinutes(row, a) : 0);
		}, 0);
		const started = attendance.some((r) => {
			const a = activities.find((x) => x.id === r.activity_id && x.cohort_id === m.cohort_id);
			return r.user_id === m.user_id && a !== undefined && registerMinutes(r, a) > 0;
		});
		const cohort = cohortRows.find((c) => c.id === m.cohort_id)!;
		return { m, scheduled, present, started, cohort, unrecorded };
	});
	const anyUnrecorded = perPerson.some((p) => p.unrecorded);
	const recorded = perPerson.filter((p) => !p.unrecorded);
	share('started', recorded.filter((p) => p.started).length, recorded.length);
	if (recorded.length === 0 && anyUnrecorded) out.get('started')!.unrecorded = true;
	const sessionsWithoutRegister = [...new Set(members.map((m) => m.cohort_id))].reduce(
		(s, id) => s + (withoutRegister.get(id) ?? 0),
		0
	);
	const counted = perPerson.filter((p) => p.scheduled > 0);
	const r = ratioInterval(counted.map((p) => ({ y: p.present, x: p.scheduled })));
	out.set('attendance', {
		numerator: Math.round(counted.reduce((s, p) => s + p.present, 0)),
		denominator: counted.reduce((s, p) => s + p.scheduled, 0),
		people: counted.length,
		value: r?.ratio ?? null,
		low: r?.interval?.low,
		high: r?.interval?.high
	});
	share('completion', counted.filter((p) => p.present * 100 >= 85 * p.scheduled).length, counted.length);
	for (const key of ['attendance', 'completion']) {
		const e = out.get(key)!;
		e.sessionsWithoutRegister = sessionsWithoutRegister;
		if (counted.length === 0 && anyUnrecorded) e.unrecorded = true;
	}
	const hand = { on: 0, late: 0, missing: 0 };
	for (const p of perPerson) {
		for (const a of assignments.filter((x) =>
			activities.some((act) => act.id === x.activity_id && act.cohort_id === p.m.cohort_id)
		)) {
			const subs = submissions.filter((s) => s.activity_id === a.activity_id && s.user_id === p.m.user_id);
			if (!subs.length) hand.missing++;
			else if (Math.min(...subs.map((s) => s.submitted_at)) <= a.due_at) hand.on++;
			else hand.late++;
		}
	}
	const expected = hand.on + hand.late + hand.missing;
	share('handin_on_time', hand.on, expected, members.length);
	share('handin_late', hand.late, expected, members.length);
	share('handin_missing', hand.missing, expected, members.length);
	// Skills: level before the first day (Paris midnight) and up to the last day.
	let autonomousAll = 0;
	const movedObserved: number[] = [];
	const movedAll: number[] = [];
	const rank = { not_yet: 0, with_help: 1, autonomous: 2 } as const;
	for (const p of perPerson) {
		// Club time: the first day's midnight and the midnight after the last day, in Paris.
		const start = zonedInstant(p.cohort.start_date, '00:00', TZ);
		const end = zonedInstant(addDays(p.cohort.end_date, 1), '00:00', TZ);
		let all = 0;
		let obs = 0;
		let auto = 0;
		for (const skill of CORE) {
			const e = evidence.filter((x) => x.user_id === p.m.user_id && x.skill_id === skill);
			const lvl = (list: typeof e, before: number) => rank[decideLevel(list.filter((x) => x.at < before)).level];
			if (lvl(e, end) > lvl(e, start)) all++;
			const o = e.filter((x) => x.source !== 'self');
			if (lvl(o, end) > lvl(o, start)) obs++;
			if (lvl(e, end) === 2) auto++;
		}
		movedAll.push(all);
		movedObserved.push(obs);
		if (auto === CORE.length) autonomousAll++;
	}
	share('skills_autonomous', autonomousAll, members.length);
	out.set('skills_moved_observed', {
		numerator: null,
		denominator: members.length,
		people: members.length,
		value: median(movedObserved)
	});
	out.set('skills_moved_all', {
		numerator: null,
		denominator: members.length,
		people: members.length,
		value: median(movedAll)
	});
	for (const dimension of AUTONOMY_DIMENSIONS) {
		const gains: number[] = [];
		for (const p of perPerson) {
			const level = (stage: string) => {
				const a = assessments.find(
					(x) => x.person_id === p.m.user_id && x.cohort_id === p.m.cohort_id && x.stage === stage
				);
				return a ? scores.find((s) => s.assessment_id === a.id && s.dimension === dimension)?.facilitator_level : null;
			};
			const intake = level('intake');
			const end = level('end');
			if (intake != null && end != null) gains.push(end - intake);
		}
		const t = tInterval(gains);
		out.set(`autonomy_${dimension}`, {
			numerator: null,
			denominator: gains.length,
			people: gains.length,
			value: t?.mean ?? null,
			low: t?.interval?.low,
			high: t?.interval?.high
		});
	}
	share(
		'goals_reached',
		goals.filter((g) => g.status === 'achieved').length,
		goals.length,
		new Set(goals.map((g) => g.user_id)).size
	);
	const informal = perPerson.map((p) =>
		momentPeople
			.filter((mp) => mp.user_id === p.m.user_id)
			.reduce(
				(s, mp) =>
					s + (moments.find((mo) => mo.id === mp.moment_id && mo.cohort_id === p.m.cohort_id)?.duration_minutes ?? 0),
				0
			)
	);
	out.set('informal_minutes', {
		numerator: null,
		denominator: members.length,
		people: members.length,
		value: median(informal)
	});
	for (const checkpoint of ['exit', 'm3', 'm6'] as Checkpoint[]) {
		// Every cohort here ended long enough ago: every checkpoint is due.
		const current = perPerson.map(
			(p) =>
				records.find((x) => x.user_id === p.m.user_id && x.checkpoint === checkpoint && x.superseded_at === null)
					?.situation ?? 'unknown'
		);
		const known = current.filter((s): s is Situation => s !== 'unknown' && s !== 'no_news');
		const cat = (s: Situation) => SITUATION_CATEGORY[s];
		share(`outcome_${checkpoint}_durable`, known.filter((s) => cat(s) === 'durable_employment').length, known.length);
		share(
			`outcome_${checkpoint}_employment`,
			known.filter((s) => cat(s) === 'durable_employment' || cat(s) === 'transition_employment').length,
			known.length
		);
		share(`outcome_${checkpoint}_positive`, known.filter((s) => cat(s) !== 'other').length, known.length);
		share(`outcome_${checkpoint}_no_news`, current.filter((s) => s === 'no_news').length, current.length);
		share(`outcome_${checkpoint}_unknown`, current.filter((s) => s === 'unknown').length, current.length);
	}
	return out;
}

function expectSame(figure: Figure, expected: Expected | undefined) {
	expect(expected, figure.key).toBeDefined();
	expect(figure.unrecorded ?? false, figure.key).toBe(expected!.unrecorded ?? false);
	expect(figure.sessionsWithoutRegister, figure.key).toBe(expected!.sessionsWithoutRegister);
	if (expected!.people < 5 || expected!.value === null) {
		// Under 5 people behind it: the domain must hide it.
		expect(figure.hidden, figure.key).toBe(true);
		return;
	}
	expect(figure.hidden, figure.key).toBe(false);
	expect(figure.numerator, figure.key).toBe(expected!.numerator);
	expect(figure.denominator, figure.key).toBe(expected!.denominator);
	if (expected!.value === null) expect(figure.value, figure.key).toBeNull();
	else expect(figure.value, figure.key).toBeCloseTo(expected!.value, 9);
	if (expected!.low != null) expect(figure.low, figure.key).toBeCloseTo(expected!.low, 9);
	if (expected!.high != null) expect(figure.high, figure.key).toBeCloseTo(expected!.high, 9);
}

describe('insights: every figure equals the test’s own recomputation from raw rows', () => {
	it('for each cohort of 5 or more, and for the whole organisation', async () => {
		const view = await insightsView(db, actors.director, NO_FILTER, null, NOW);
		const shown = view.table.rows.filter((r) => r.figures.some((f) => !f.hidden)).map((r) => r.name);
		expect(shown).toEqual(expect.arrayContaining(['C2 hybride 2025', 'C4 distance 2024']));
		for (const row of view.table.rows) {
			const expected = await recompute([row.id]);
			for (const figure of row.figures) if (!figure.hidden) expectSame(figure, expected.get(figure.key));
		}
		const all = await recompute(cohorts.map((c) => c.id));
		for (const figure of view.table.total.figures) expectSame(figure, all.get(figure.key));
	});

	it('for a group picked by a filter, side by side with another, with Newcombe differences', async () => {
		const remote = { ...NO_FILTER, modality: 'remote' as const };
		const hybrid = { ...NO_FILTER, modality: 'hybrid' as const };
		const view = await insightsView(db, actors.admin, remote, { a: remote, b: hybrid }, NOW);
		const expectedRemote = await recompute(cohorts.filter((c) => c.modality === 'remote').map((c) => c.id));
		for (const figure of view.comparison!.a.figures)
			if (!figure.hidden) expectSame(figure, expectedRemote.get(figure.key));
		const expectedHybrid = await recompute(cohorts.filter((c) => c.modality === 'hybrid').map((c) => c.id));
		for (const figure of view.comparison!.b.figures)
			if (!figure.hidden) expectSame(figure, expectedHybrid.get(figure.key));
		const completion = view.comparison!.differences.find((d) => d.key === 'completion')!;
		const a = expectedRemote.get('completion')!;
		const b = expectedHybrid.get('completion')!;
		expect(completion.difference).toBeCloseTo(a.value! - b.value!, 12);
		expect(['higher', 'lower', 'uncertain']).toContain(completion.verdict);
		expect(view.comparison!.caseMixDifferences.length).toBeGreaterThan(0);
	});
});

describe('insights: a register never taken is "non renseigné", not absent', () => {
	const REGISTER_MEASURES = ['started', 'attendance', 'completion'];
	it('leaves the sessions without a register out of the denominators, and counts them apart', async () => {
		const view = await insightsView(db, actors.director, NO_FILTER, null, NOW);
		for (const row of view.table.rows.filter((r) => r.name !== NO_REGISTER)) {
			for (const key of ['attendance', 'completion'])
				expect(row.figures.find((f) => f.key === key)!.sessionsWithoutRegister, `${row.name} ${key}`).toBe(1);
		}
		const total = (key: string) => view.table.total.figures.find((f) => f.key === key)!;
		// One session without a register in each of C1–C4, and the three required sessions of C5.
		expect(total('attendance').sessionsWithoutRegister).toBe(7);
		// Only the registered sessions' minutes, and only the people of cohorts that kept a register.
		const registered = cohorts.filter((c) => c.name !== NO_REGISTER);
		expect(total('attendance').denominator).toBe(registered.reduce((s, c) => s + c.size * 240, 0));
		expect(total('attendance').people).toBe(registered.reduce((s, c) => s + c.size, 0));
		expect(total('completion').denominator).toBe(registered.reduce((s, c) => s + c.size, 0));
		expect(total('started').denominator).toBe(registered.reduce((s, c) => s + c.size, 0));
	});
	it('shows a cohort with no register at all as "non renseigné" (no number, no comparison), not 0 %', async () => {
		const c5 = cohorts.find((c) => c.name === NO_REGISTER)!;
		const c2 = cohorts.find((c) => c.name === 'C2 hybride 2025')!;
		const only = (cohortId: string) => ({ ...NO_FILTER, cohortId });
		const view = await insightsView(db, actors.director, NO_FILTER, { a: only(c5.id), b: only(c2.id) }, NOW);
		const row = view.table.rows.find((r) => r.name === NO_REGISTER)!;
		expect(row.enrolled).toBe(9);
		const expected = await recompute([c5.id]);
		for (const key of REGISTER_MEASURES) {
			const figure = row.figures.find((f) => f.key === key)!;
			expect(figure, key).toMatchObject({ hidden: true, unrecorded: true, value: null, numerator: null });
			expect(expected.get(key)!.unrecorded, key).toBe(true);
			expect(
				view.comparison!.a.figures.find((f) => f.key === key),
				key
			).toMatchObject({ unrecorded: true });
			expect(
				view.comparison!.differences.find((d) => d.key === key),
				key
			).toBeUndefined();
		}
		expect(row.figures.find((f) => f.key === 'attendance')!.sessionsWithoutRegister).toBe(3);
		// Its other figures stay: nine people handed work in or not.
		expect(row.figures.find((f) => f.key === 'handin_on_time')!.hidden).toBe(false);
		// C2 beside it keeps its figures.
		expect(view.comparison!.b.figures.find((f) => f.key === 'attendance')!.hidden).toBe(false);
		const bilan = await cohortBilan(db, actors.director, c5.id, NOW);
		expect(bilan.figures.figures.find((f) => f.key === 'attendance')).toMatchObject({
			hidden: true,
			unrecorded: true,
			sessionsWithoutRegister: 3
		});
		// The CSV says the same words, and the sessions left out.
		const csv = insightsCsv(view);
		const line = csv.split(/\r?\n/).find((l) => l.includes(NO_REGISTER) && l.includes(';attendance;'))!;
		expect(line.split(';').slice(-4)).toEqual(['non renseigné', '', '', '3']);
	});
});

describe('insights: the cohorts table in pages', () => {
	it('shows one page of rows, keeps the totals of every cohort, and reads the page from the query', async () => {
		const view = await insightsView(db, actors.director, NO_FILTER, null, NOW);
		expect(view.table.rows).toHaveLength(5);
		const first = pageOf(view, 1, 2);
		expect(first.table.rows.map((r) => r.id)).toEqual(view.table.rows.slice(0, 2).map((r) => r.id));
		expect(first.page).toEqual({ number: 1, count: 3, size: 2, rowCount: 5 });
		expect(first.table.total).toBe(view.table.total);
		expect(first.caseMix).toBe(view.caseMix);
		expect(pageOf(view, 3, 2).table.rows.map((r) => r.id)).toEqual([view.table.rows[4].id]);
		// Past the last page: the last one.
		expect(pageOf(view, 9, 2).page.number).toBe(3);
		expect(pageOf(view, 1).table.rows).toHaveLength(5);
		expect(parsePage(new URLSearchParams(''))).toBe(1);
		expect(parsePage(new URLSearchParams('page=2'))).toBe(2);
		for (const bad of ['page=0', 'page=-1', 'page=x', 'page=1.5', 'page=9999999']) {
			expect(parsePage(new URLSearchParams(bad)), bad).toBeNull();
		}
	});
});

describe('insights: small numbers', () => {
	it('hides the cohort of 4 everywhere ("moins de 5"), with no number left in it', async () => {
		const view = await insightsView(db, actors.director, NO_FILTER, null, NOW);
		const small = view.table.rows.find((r) => r.name === 'C3 présentiel 2024')!;
		expect(small.enrolled).toBeNull();
		for (const f of small.figures) {
			expect(f).toMatchObject({
				hidden: true,
				numerator: null,
				denominator: null,
				people: null,
				value: null,
				low: null,
				high: null
			});
		}
	});
	it('hides the next smallest cohort beside it (secondary rule), so the total cannot reveal it', async () => {
		const view = await insightsView(db, actors.director, NO_FILTER, null, NOW);
		const c1 = view.table.rows.find((r) => r.name === 'C1 distance 2025')!;
		const c2 = view.table.rows.find((r) => r.name === 'C2 hybride 2025')!;
		const c4 = view.table.rows.find((r) => r.name === 'C4 distance 2024')!;
		const started = (r: typeof c1) => r.figures.find((f) => f.key === 'started')!;
		// C1 (6) is the smallest shown: it goes with C3 (4); C2 (7) and C4 (8) and the total stay.
		expect(started(c1).hidden).toBe(true);
		expect(started(c2).hidden).toBe(false);
		expect(started(c4).hidden).toBe(false);
		expect(view.table.total.figures.find((f) => f.key === 'started')!.hidden).toBe(false);
		// A column with no one behind it (mobility was never assessed at the end) has no total either.
		const mobility = view.table.total.figures.find((f) => f.key === 'autonomy_mobility')!;
		expect(mobility.hidden).toBe(true);
	});
});

describe('insights: what goes with good outcomes', () => {
	it('matches the statsmodels reference fit when the reference dataset is the club', async () => {
		const view = await insightsView(db, actors.otherDirector, NO_FILTER, null, NOW);
		const model = view.model;
		if (!model.ok) throw new Error(JSON.stringify(model));
		expect(model.used).toBe(reference.nobs);
		expect(model.leftOutUnknown).toBe(reference.rows.filter((r) => r.m6 === 'no_news' || r.m6 === 'unknown').length);
		for (const [j, factor] of model.factors.entries()) {
			expect(Math.log(factor.oddsRatio)).toBeCloseTo(reference.params[j + 1], 6);
			expect(Math.log(factor.low)).toBeCloseTo(reference.confInt[j + 1][0], 6);
			expect(Math.log(factor.high)).toBeCloseTo(reference.confInt[j + 1][1], 6);
		}
	});
	it('refuses, saying why, on the small club', async () => {
		const view = await insightsView(db, actors.director, NO_FILTER, null, NOW);
		expect(view.model).toMatchObject({ ok: false, refusal: { reason: 'too_few', needed: 90 } });
	});
});

describe('insights: who sees what', () => {
	it('directors and admins see the organisation, a facilitator their cohorts, a participant nothing', async () => {
		const rows = async (a: Actor) =>
			(await insightsView(db, a, NO_FILTER, null, NOW)).table.rows.map((r) => r.name).sort();
		expect(await rows(actors.director)).toHaveLength(5);
		expect(await rows(actors.admin)).toHaveLength(5);
		expect(await rows(actors.f1)).toEqual(['C1 distance 2025', 'C3 présentiel 2024']);
		expect(await rows(actors.f2)).toEqual(['C2 hybride 2025', 'C4 distance 2024', NO_REGISTER]);
		expect(await refusal(insightsView(db, actors.participant, NO_FILTER, null, NOW))).toBe(403);
		expect(await refusal(cohortBilan(db, actors.participant, cohorts[0].id, NOW))).toBe(403);
		expect(await refusal(cohortBilan(db, actors.f2, cohorts[0].id, NOW))).toBe(404);
		expect(await refusal(cohortBilan(db, actors.otherDirector, cohorts[0].id, NOW))).toBe(404);
		expect(await rows(actors.otherDirector)).toHaveLength(30);
	});
	it('never lets a participant’s name out', async () => {
		const remote = { ...NO_FILTER, modality: 'remote' as const };
		const text = JSON.stringify([
			await insightsView(db, actors.director, NO_FILTER, { a: remote, b: { ...NO_FILTER, modality: 'hybrid' } }, NOW),
			await cohortBilan(db, actors.director, cohorts[0].id, NOW)
		]);
		for (const name of names) expect(text).not.toContain(name);
		expect(text).not.toContain('Zéphyrin');
	});
});
