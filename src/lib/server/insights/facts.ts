import type { Selectable, SelectQueryBuilder } from 'kysely';
import type { Db } from '#lib/server/db/index.ts';
import type { Database, Modality } from '#lib/server/db/schema.ts';
import type { InsightsPersonTable } from '#lib/server/db/schema-insights.ts';
import { addDays, zonedInstant } from '#lib/server/cohorts/local-time.ts';
import { LEVEL_RANK, type EvidenceFact } from '#lib/server/skills/rules.ts';
import { SKILL_IDS } from '#lib/skills/contract.ts';
import { groupSalonPresences } from '#lib/server/moments/salon.ts';
import { AUTONOMY_DIMENSIONS, type AutonomyDimension } from '#lib/autonomy/ladder.ts';
import { CHECKPOINTS, type Checkpoint, type SituationOrUnknown } from '#lib/outcomes/situations.ts';

/**
 * Person-level facts behind the director's figures. They never leave src/lib/server/insights: the
 * domain turns them into aggregates (figures.ts) before anything reaches a page.
 */
export interface CohortFacts {
	id: string;
	name: string;
	startDate: string;
	endDate: string;
	year: number;
	modality: Modality;
	programmeId: string | null;
	programmeTitle: string | null;
	thresholdPercent: number;
	/**
	 * Minutes of the required (not à-la-carte), not cancelled activities that have begun and whose register was
	 * taken (see REGISTER RULE below).
	 */
	scheduledMinutes: number;
	/** Required, not cancelled activities begun whose register was never taken: "non renseigné", not absent. */
	sessionsWithoutRegister: number;
	coreSkillCount: number;
}

/*
 * REGISTER RULE (issue 13, honest attendance). A begun, not cancelled activity's register counts as taken
 * when it holds at least one attendance row, whoever wrote it: a LiveKit measure, a facilitator's mark
 * (absent and excused included), a check-in or a sheet. Then everyone of the cohort without a row for it was
 * absent. An activity with no row for anyone was never registered: it is "non renseigné", left out of the
 * attendance and completion denominators (its minutes are not in scheduledMinutes) and counted apart
 * (sessionsWithoutRegister). A cohort whose begun required activities all lack a register has no figure for
 * attendance, completion and "started": they read "non renseigné" (figures.ts), like "moins de 5" they are
 * left out of charts and comparisons, and its people are left out of those measures' totals and of the
 * model's attendance factor.
 */

export interface PersonFacts {
	cohortId: string;
	started: boolean;
	presentMinutes: number;
	scheduledMinutes: number;
	handIns: { onTime: number; late: number; missing: number };
	/** Core skills at "autonomous" at the end (all of them?). */
	allCoreAutonomous: boolean;
	movedUpObserved: number;
	movedUpAll: number;
	/** No core skill above "not yet" on entry. */
	notYetOnEntry: boolean;
	/** end − intake facilitator level, per dimension assessed at both. */
	autonomyGain: Partial<Record<AutonomyDimension, number>>;
	goalsSet: number;
	goalsAchieved: number;
	informalMinutes: number;
	deviceCheckWeekOne: boolean;
	/** The intake profile, only when the person consented to it. */
	profile: {
		ageBand: string | null;
		education: string | null;
		outOfWork: string | null;
		benefits: string[];
		obstacles: string[];
	} | null;
	/** The current record per checkpoint; 'not_due' before the checkpoint's date. */
	outcomes: Record<Checkpoint, SituationOrUnknown | 'not_due'>;
}

export interface Scope {
	organisationId: string;
	/** Only these cohorts (a facilitator's own), or every cohort of the organisation. */
	facilitatorId: string | null;
}

function parseList(json: string): string[] {
	try {
		const value: unknown = JSON.parse(json);
		return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
	} catch {
		return [];
	}
}

/**
 * The rank of `LEVEL_RANK[decideLevel(evidence before `before`, self-declared left out when observedOnly).level]`,
 * in one pass and without a copy (it runs four times per person and skill): the latest facilitator's word
 * (by time, then id), otherwise the best level observed or declared, otherwise "not yet" (0).
 */
export function levelBefore(list: readonly EvidenceFact[], before: number, observedOnly: boolean): number {
	let latest: EvidenceFact | null = null;
	let best = 0;
	for (const e of list) {
		if (e.at >= before || (observedOnly && e.source === 'self')) continue;
		if (e.source === 'facilitator') {
			if (!latest || e.at > latest.at || (e.at === latest.at && e.id > latest.id)) latest = e;
		} else if (LEVEL_RANK[e.level] > best) best = LEVEL_RANK[e.level];
	}
	return latest ? LEVEL_RANK[latest.level] : best;
}

type CohortRow = Awaited<ReturnType<ReturnType<typeof cohortQuery>['execute']>>[number];

/** The cohorts (and their programme's and organisation's settings) the facts are about. */
export function cohortQuery(db: Db) {
	return db
		.selectFrom('cohort')
		.innerJoin('organisation', 'organisation.id', 'cohort.organisation_id')
		.leftJoin('programme', 'programme.id', 'cohort.programme_id')
		.select([
			'cohort.id',
			'cohort.organisation_id',
			'cohort.name',
			'cohort.start_date',
			'cohort.end_date',
			'cohort.modality',
			'cohort.programme_id',
			'programme.title as programme_title',
			'organisation.attendance_threshold_percent',
			'organisation.time_zone',
			'programme.follow_up_m3_days',
			'programme.follow_up_m6_days'
		]);
}

/** A subquery of cohort ids (`select … as id`), so no statement carries thousands of ids. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any FROM clause will do
export type CohortIds = SelectQueryBuilder<Database, any, { id: string }>;

function cohortFacts(
	c: CohortRow,
	scheduledMinutes: number,
	sessionsWithoutRegister: number,
	coreSkillCount: number
): CohortFacts {
	return {
		id: c.id,
		name: c.name,
		startDate: c.start_date,
		endDate: c.end_date,
		year: Number(c.start_date.slice(0, 4)),
		modality: c.modality,
		programmeId: c.programme_id,
		programmeTitle: c.programme_title,
		thresholdPercent: c.attendance_threshold_percent,
		scheduledMinutes,
		sessionsWithoutRegister,
		coreSkillCount
	};
}

/** Each programme's core skills (those of its blocks). */
export async function coreSkillsByProgramme(db: Db): Promise<Map<string, Set<string>>> {
	const coreSkills = await db
		.selectFrom('programme_block_skill')
		.innerJoin('programme_block', 'programme_block.id', 'programme_block_skill.block_id')
		.select(['programme_block.programme_id', 'programme_block_skill.skill_id'])
		.distinct()
		.execute();
	const coreByProgramme = new Map<string, Set<string>>();
	for (const r of coreSkills) {
		const set = coreByProgramme.get(r.programme_id) ?? new Set<string>();
		set.add(r.skill_id);
		coreByProgramme.set(r.programme_id, set);
	}
	return coreByProgramme;
}

const ALL_SKILLS = new Set<string>(SKILL_IDS);
const coreOf = (c: CohortRow, coreByProgramme: Map<string, Set<string>>) =>
	(c.programme_id && coreByProgramme.get(c.programme_id)) || ALL_SKILLS;

/** The facts of the cohorts in scope: `groups[i]` are the people of `cohorts[i]`, and `people` all of them. */
export interface Facts {
	cohorts: CohortFacts[];
	/** Every person, in the cohorts' order, then by person (the same order whatever the source). */
	people: PersonFacts[];
	groups: PersonFacts[][];
	/**
	 * Per cohort, the refresh id of the rollup its people come from (equal ids, equal people: a cache key), or
	 * null when they were computed from the raw rows for this request.
	 */
	tokens: (string | null)[];
}

/**
 * Every fact of every cohort in scope, in a fixed number of queries (not one per cohort or person): from
 * the rollups (rollups.ts) for the cohorts whose rollup holds at `now`, from the raw rows for the others.
 */
export async function loadFacts(db: Db, scope: Scope, now: number): Promise<Facts> {
	const org = await db
		.selectFrom('organisation')
		.select('time_zone')
		.where('id', '=', scope.organisationId)
		.executeTakeFirstOrThrow();
	let cohorts = cohortQuery(db).where('cohort.organisation_id', '=', scope.organisationId);
	const facilitatorId = scope.facilitatorId;
	if (facilitatorId) {
		cohorts = cohorts.where('cohort.id', 'in', (qb) =>
			qb
				.selectFrom('cohort_member')
				.select('cohort_id')
				.where('user_id', '=', facilitatorId)
				.where('role', '=', 'facilitator')
		);
	}
	const cohortRows = await cohorts.orderBy('cohort.start_date').orderBy('cohort.name').execute();
	if (cohortRows.length === 0) return { cohorts: [], people: [], groups: [], tokens: [] };
	// The cohorts in scope as a subquery, so no statement carries thousands of ids.
	const scopeIds: CohortIds = facilitatorId
		? db
				.selectFrom('cohort_member')
				.select('cohort_member.cohort_id as id')
				.where('cohort_member.user_id', '=', facilitatorId)
				.where('cohort_member.role', '=', 'facilitator')
		: db.selectFrom('cohort as scoped').select('scoped.id').where('scoped.organisation_id', '=', scope.organisationId);
	const [coreByProgramme, rolled] = await Promise.all([coreSkillsByProgramme(db), readRollups(db, scopeIds, now)]);
	const stale = cohortRows.filter((c) => !rolled.has(c.id));
	const raw = new Map<string, { scheduledMinutes: number; sessionsWithoutRegister: number; people: PersonFacts[] }>();
	// Without a rollup that holds at `now` (none yet, or work due or a checkpoint reached since): the raw rows.
	for (let i = 0; i < stale.length; i += STALE_CHUNK) {
		const chunk = stale.slice(i, i + STALE_CHUNK);
		const staleIds: CohortIds = db
			.selectFrom('cohort as stale')
			.select('stale.id')
			.where(
				'stale.id',
				'in',
				chunk.map((c) => c.id)
			);
		const computed = await computeFacts(db, org.time_zone, chunk, staleIds, coreByProgramme, now);
		const byCohort = new Map<string, KeyedPersonFacts[]>(chunk.map((c) => [c.id, []]));
		for (const p of computed.people) byCohort.get(p.cohortId)!.push(p);
		for (const [id, people] of byCohort) {
			raw.set(id, {
				scheduledMinutes: computed.scheduledBy.get(id) ?? 0,
				sessionsWithoutRegister: computed.withoutRegisterBy.get(id) ?? 0,
				people: withoutWho(people)
			});
		}
	}
	const result: Facts = { cohorts: [], people: [], groups: [], tokens: [] };
	for (const c of cohortRows) {
		const fromRollup = rolled.get(c.id);
		const group = fromRollup ?? raw.get(c.id)!;
		result.cohorts.push(
			cohortFacts(c, group.scheduledMinutes, group.sessionsWithoutRegister, coreOf(c, coreByProgramme).size)
		);
		result.groups.push(group.people);
		result.tokens.push(fromRollup?.refreshId ?? null);
		for (const p of group.people) result.people.push(p);
	}
	return result;
}

/** Cohorts computed from the raw rows per round of queries (their ids are bound parameters). */
const STALE_CHUNK = 1000;

/** One cohort's people sorted by person, then without who each is (that stays in this module). */
function withoutWho(people: KeyedPersonFacts[]): PersonFacts[] {
	people.sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
	return people.map(({ userId, ...person }) => (void userId, person));
}

/** The cohorts whose rollup holds at `now`: the activities begun, work due and checkpoints reached are the same. */
export function validRollup(db: Db, now: number) {
	return (
		db
			.selectFrom('insights_cohort')
			.select('insights_cohort.cohort_id')
			.where((eb) => eb.or([eb('insights_cohort.valid_from', 'is', null), eb('insights_cohort.valid_from', '<=', now)]))
			.where((eb) =>
				eb.or([eb('insights_cohort.valid_until', 'is', null), eb('insights_cohort.valid_until', '>', now)])
			)
			// Live attendance changed since (rollups.ts, markRollupPending): the raw rows until the refresh.
			.where((eb) =>
				eb.not(
					eb.exists(
						eb
							.selectFrom('insights_pending')
							.select('insights_pending.cohort_id')
							.whereRef('insights_pending.cohort_id', '=', 'insights_cohort.cohort_id')
					)
				)
			)
	);
}

/** A person's facts with who it is, inside this module only (rollup rows, sorting). */
export type KeyedPersonFacts = PersonFacts & { userId: string };

interface RolledCohort {
	/** null: rows written before refresh ids (never kept). */
	refreshId: string | null;
	scheduledMinutes: number;
	sessionsWithoutRegister: number;
	/** Sorted by person; shared between requests, never changed. */
	people: PersonFacts[];
}

/**
 * The people read from each cohort's rollup, kept for as long as its refresh id is the same (every refresh
 * writes a new random one, migration 0018): a request reads again only the cohorts refreshed since.
 */
const rolledCache = new Map<string, RolledCohort>();
let rolledCachePeople = 0;
const ROLLED_CACHE_PEOPLE = 250_000;

/** Forgets every rollup's people read so far (the bench's "nothing kept" runs). */
export function forgetRolledPeople(): void {
	rolledCache.clear();
	rolledCachePeople = 0;
}

/** The people of the cohorts in scope whose rollup holds at `now`, and those cohorts' scheduled minutes. */
async function readRollups(db: Db, scopeIds: CohortIds, now: number): Promise<Map<string, RolledCohort>> {
	const heads = await db
		.selectFrom('insights_cohort')
		.select(['cohort_id', 'refresh_id'])
		.where('cohort_id', 'in', scopeIds)
		.where('cohort_id', 'in', validRollup(db, now))
		.execute();
	const rolled = new Map<string, RolledCohort>();
	const changed: string[] = [];
	for (const h of heads) {
		const known = h.refresh_id === null ? undefined : rolledCache.get(h.cohort_id);
		if (known && known.refreshId === h.refresh_id) rolled.set(h.cohort_id, known);
		else changed.push(h.cohort_id);
	}
	if (changed.length === 0) return rolled;
	// Each cohort's rollup row with its people, in one statement (one snapshot: rows of one refresh). Many
	// changed: the whole scope, so no statement carries thousands of ids.
	const wanted = new Set(changed);
	const rounds: (readonly string[] | null)[] = [];
	if (changed.length * 2 > heads.length) rounds.push(null);
	else for (let i = 0; i < changed.length; i += STALE_CHUNK) rounds.push(changed.slice(i, i + STALE_CHUNK));
	const read = new Map<
		string,
		{ refreshId: string | null; scheduledMinutes: number; sessionsWithoutRegister: number; people: KeyedPersonFacts[] }
	>();
	for (const ids of rounds) {
		const rows = await db
			.selectFrom('insights_cohort as head')
			.leftJoin('insights_person', 'insights_person.cohort_id', 'head.cohort_id')
			.selectAll('insights_person')
			.select([
				'head.cohort_id as head_id',
				'head.refresh_id as head_refresh_id',
				'head.scheduled_minutes as head_scheduled',
				'head.sessions_without_register as head_without_register'
			])
			.where('head.cohort_id', 'in', ids ?? scopeIds)
			.where('head.cohort_id', 'in', validRollup(db, now))
			.execute();
		for (const r of rows) {
			if (!wanted.has(r.head_id)) continue;
			let cohort = read.get(r.head_id);
			if (!cohort) {
				cohort = {
					refreshId: r.head_refresh_id,
					scheduledMinutes: Number(r.head_scheduled),
					sessionsWithoutRegister: Number(r.head_without_register),
					people: []
				};
				read.set(r.head_id, cohort);
			}
			// No participant: the one row of the cohort, without a person.
			if (r.user_id === null) continue;
			cohort.people.push(personFromRollup(r as Selectable<InsightsPersonTable>, cohort.scheduledMinutes));
		}
	}
	for (const [id, cohort] of read) {
		const entry: RolledCohort = {
			refreshId: cohort.refreshId,
			scheduledMinutes: cohort.scheduledMinutes,
			sessionsWithoutRegister: cohort.sessionsWithoutRegister,
			people: withoutWho(cohort.people)
		};
		rolled.set(id, entry);
		if (cohort.refreshId === null) continue;
		if (rolledCachePeople + entry.people.length > ROLLED_CACHE_PEOPLE) {
			rolledCache.clear();
			rolledCachePeople = 0;
		}
		rolledCachePeople += entry.people.length - (rolledCache.get(id)?.people.length ?? 0);
		rolledCache.set(id, entry);
	}
	// A changed cohort no longer read (refreshed in between to a rollup that does not hold): the raw rows.
	return rolled;
}

/** The person's facts from a rollup row: the exact inverse of rollupRow (rollups.ts). */
export function personFromRollup(r: Selectable<InsightsPersonTable>, scheduledMinutes: number): KeyedPersonFacts {
	const autonomyGain: Partial<Record<AutonomyDimension, number>> = {};
	for (const dimension of AUTONOMY_DIMENSIONS) {
		const gain = r[`gain_${dimension}`];
		if (gain !== null) autonomyGain[dimension] = Number(gain);
	}
	return {
		cohortId: r.cohort_id,
		userId: r.user_id,
		started: !!r.started,
		presentMinutes: Number(r.present_seconds) / 60,
		scheduledMinutes,
		handIns: { onTime: r.handin_on_time, late: r.handin_late, missing: r.handin_missing },
		allCoreAutonomous: !!r.all_core_autonomous,
		movedUpObserved: r.moved_up_observed,
		movedUpAll: r.moved_up_all,
		notYetOnEntry: !!r.not_yet_on_entry,
		autonomyGain,
		goalsSet: r.goals_set,
		goalsAchieved: r.goals_achieved,
		informalMinutes: r.informal_minutes,
		deviceCheckWeekOne: !!r.device_check_week_one,
		profile: r.has_profile
			? {
					ageBand: r.age_band,
					education: r.education_level,
					outOfWork: r.out_of_work,
					benefits: parseList(r.benefits),
					obstacles: parseList(r.obstacles)
				}
			: null,
		outcomes: {
			exit: r.outcome_exit as SituationOrUnknown | 'not_due',
			m3: r.outcome_m3 as SituationOrUnknown | 'not_due',
			m6: r.outcome_m6 as SituationOrUnknown | 'not_due'
		}
	};
}

/**
 * The facts of `cohortRows` (all in one club's time zone `tz`; `scopeIds` selects the same cohorts) from the
 * raw rows, as they stand at `now`, and the instants between which they stay so: [validFrom, validUntil) per
 * cohort, null for no bound (the activities begun, the work due and the checkpoints reached are the same).
 */
export async function computeFacts(
	db: Db,
	tz: string,
	cohortRows: readonly CohortRow[],
	scopeIds: CohortIds,
	coreByProgramme: Map<string, Set<string>>,
	now: number,
	/** Only this participant's facts (their cohorts' figures stay whole). */
	userId?: string
): Promise<{
	scheduledBy: Map<string, number>;
	withoutRegisterBy: Map<string, number>;
	people: KeyedPersonFacts[];
	bounds: Map<string, { validFrom: number | null; validUntil: number | null }>;
}> {
	const [
		members,
		scheduled,
		attended,
		activityBounds,
		dueBounds,
		dues,
		firstHandIns,
		waivers,
		evidence,
		scores,
		goals,
		moments,
		salon,
		checks,
		profiles,
		outcomes
	] = await Promise.all([
		db
			.selectFrom('cohort_member')
			.select(['cohort_id', 'user_id'])
			.where('cohort_id', 'in', scopeIds)
			.where('role', '=', 'participant')
			.$if(userId !== undefined, (qb) => qb.where('user_id', '=', userId!))
			.execute(),
		// The register rule (top of this file): a begun activity's minutes count only when its register was taken.
		db
			.selectFrom('activity')
			.select((eb) => {
				const taken = eb.exists(
					eb
						.selectFrom('attendance')
						.select('attendance.activity_id')
						.whereRef('attendance.activity_id', '=', 'activity.id')
				);
				return [
					'activity.cohort_id',
					eb.fn
						.sum<number>(eb.case().when(taken).then(eb.ref('activity.duration_minutes')).else(0).end())
						.as('minutes'),
					eb.fn.sum<number>(eb.case().when(taken).then(0).else(1).end()).as('without_register')
				];
			})
			.where('cohort_id', 'in', scopeIds)
			.where('optional', '=', 0)
			.where('cancelled_at', 'is', null)
			.where('starts_at', '<', now)
			.groupBy('cohort_id')
			.execute(),
		db
			.selectFrom('attendance')
			.innerJoin('activity', 'activity.id', 'attendance.activity_id')
			.select((eb) => {
				// Seconds present as the register counts them (the attendance sheet's rule): a facilitator's mark
				// or a check-in is their word (the minutes written, else the whole session) unless LiveKit measured
				// video or audio time; LiveKit's time is capped at the session's length; absent and excused: 0.
				const measured = eb.and([eb('attendance.mode', 'in', ['video', 'audio']), eb('attendance.seconds', '>', 0)]);
				const registerSeconds = eb
					.case()
					.when('attendance.mode', 'in', ['absent', 'excused'])
					.then(0)
					.when(eb.and([eb('attendance.source', '!=', 'livekit'), eb.not(measured)]))
					.then(eb(eb.fn.coalesce('attendance.marked_minutes', 'activity.duration_minutes'), '*', 60))
					.when('attendance.seconds', '>', eb('activity.duration_minutes', '*', 60))
					.then(eb('activity.duration_minutes', '*', 60))
					.else(eb.ref('attendance.seconds'))
					.end();
				return [
					'activity.cohort_id',
					'attendance.user_id',
					// Present seconds of required sessions.
					eb.fn
						.sum<number>(eb.case().when('activity.optional', '=', 1).then(0).else(registerSeconds).end())
						.as('seconds'),
					// Sessions attended, optional ones included (someone who came has started).
					eb.fn.sum<number>(eb.case().when(registerSeconds, '>', 0).then(1).else(0).end()).as('sessions')
				];
			})
			.where('activity.cohort_id', 'in', scopeIds)
			.where('activity.cancelled_at', 'is', null)
			.where('activity.starts_at', '<', now)
			.groupBy(['activity.cohort_id', 'attendance.user_id'])
			.execute(),
		// The activities begun and the work due change only at these instants (see bounds below).
		db
			.selectFrom('activity')
			.select((eb) => [
				'cohort_id',
				eb.fn.max<number | null>(eb.case().when('starts_at', '<', now).then(eb.ref('starts_at')).end()).as('before'),
				eb.fn.min<number | null>(eb.case().when('starts_at', '>=', now).then(eb.ref('starts_at')).end()).as('after')
			])
			.where('cohort_id', 'in', scopeIds)
			.where('cancelled_at', 'is', null)
			.groupBy('cohort_id')
			.execute(),
		db
			.selectFrom('assignment')
			.innerJoin('activity', 'activity.id', 'assignment.activity_id')
			.select((eb) => [
				'activity.cohort_id',
				eb.fn
					.max<number | null>(eb.case().when('assignment.due_at', '<', now).then(eb.ref('assignment.due_at')).end())
					.as('before'),
				eb.fn
					.min<number | null>(eb.case().when('assignment.due_at', '>=', now).then(eb.ref('assignment.due_at')).end())
					.as('after')
			])
			.where('activity.cohort_id', 'in', scopeIds)
			.where('activity.cancelled_at', 'is', null)
			.groupBy('activity.cohort_id')
			.execute(),
		db
			.selectFrom('assignment')
			.innerJoin('activity', 'activity.id', 'assignment.activity_id')
			.select(['activity.cohort_id', 'assignment.activity_id', 'assignment.due_at'])
			.where('activity.cohort_id', 'in', scopeIds)
			.where('activity.cancelled_at', 'is', null)
			.where('assignment.due_at', '<', now)
			.execute(),
		db
			.selectFrom('submission')
			.innerJoin('activity', 'activity.id', 'submission.activity_id')
			.select([
				'submission.activity_id',
				'submission.user_id',
				db.fn.min<number>('submission.submitted_at').as('first')
			])
			.where('activity.cohort_id', 'in', scopeIds)
			.groupBy(['submission.activity_id', 'submission.user_id'])
			.execute(),
		// Work a facilitator let a person off (migration 0030): not expected of them, so never "missing".
		db
			.selectFrom('assignment_waiver')
			.innerJoin('activity', 'activity.id', 'assignment_waiver.activity_id')
			.select(['assignment_waiver.activity_id', 'assignment_waiver.user_id'])
			.where('activity.cohort_id', 'in', scopeIds)
			.execute(),
		// Each participant's evidence once, however many cohorts in scope they are in.
		db
			.selectFrom('skill_evidence')
			.select(['id', 'user_id', 'skill_id', 'level', 'source', 'at'])
			.where('user_id', 'in', (qb) =>
				qb
					.selectFrom('cohort_member')
					.select('user_id')
					.where('cohort_id', 'in', scopeIds)
					.where('role', '=', 'participant')
			)
			.execute(),
		// One row per person assessed at intake and at the end: each dimension's end − intake facilitator level
		// (null unless the dimension was scored at both).
		db
			.selectFrom('autonomy_assessment as intake')
			.innerJoin('autonomy_assessment as end', (j) =>
				j
					.onRef('end.cohort_id', '=', 'intake.cohort_id')
					.onRef('end.person_id', '=', 'intake.person_id')
					.on('end.stage', '=', 'end')
			)
			.select((eb) => {
				const level = (assessment: 'intake.id' | 'end.id', dimension: AutonomyDimension) =>
					eb
						.selectFrom('autonomy_score')
						.select('autonomy_score.facilitator_level')
						.whereRef('autonomy_score.assessment_id', '=', assessment)
						.where('autonomy_score.dimension', '=', dimension);
				return [
					'intake.cohort_id',
					'intake.person_id',
					...AUTONOMY_DIMENSIONS.map((dimension) =>
						eb(level('end.id', dimension), '-', level('intake.id', dimension)).as(`gain_${dimension}`)
					)
				];
			})
			.where('intake.cohort_id', 'in', scopeIds)
			.where('intake.stage', '=', 'intake')
			.execute(),
		db
			.selectFrom('goal')
			.select((eb) => [
				'cohort_id',
				'user_id',
				eb.fn.countAll<number>().as('set'),
				eb.fn.sum<number>(eb.case().when('status', '=', 'achieved').then(1).else(0).end()).as('achieved')
			])
			.where('cohort_id', 'in', scopeIds)
			.groupBy(['cohort_id', 'user_id'])
			.execute(),
		db
			.selectFrom('informal_moment_person')
			.innerJoin('informal_moment', 'informal_moment.id', 'informal_moment_person.moment_id')
			.select([
				'informal_moment.cohort_id',
				'informal_moment_person.user_id',
				db.fn.sum<number>('informal_moment.duration_minutes').as('minutes')
			])
			.where('informal_moment.cohort_id', 'in', scopeIds)
			.groupBy(['informal_moment.cohort_id', 'informal_moment_person.user_id'])
			.execute(),
		db
			.selectFrom('presence')
			.select(['cohort_id', 'user_id', 'joined_at', 'left_at', 'last_seen_at'])
			.where('cohort_id', 'in', scopeIds)
			.where('kind', '=', 'salon')
			.execute(),
		// A check passed in week one is there when the first one passed is.
		db
			.selectFrom('device_check')
			.innerJoin('cohort_member', 'cohort_member.user_id', 'device_check.user_id')
			.select(['cohort_member.cohort_id', 'device_check.user_id', db.fn.min<number>('device_check.at').as('first')])
			.where('cohort_member.cohort_id', 'in', scopeIds)
			.where('device_check.result', '=', 'ok')
			.groupBy(['cohort_member.cohort_id', 'device_check.user_id'])
			.execute(),
		db
			.selectFrom('profile')
			.select(['user_id', 'age_band', 'education_level', 'out_of_work', 'benefits', 'obstacles'])
			.where('user_id', 'in', (qb) =>
				qb.selectFrom('cohort_member').select('user_id').where('cohort_id', 'in', scopeIds)
			)
			.where('consent', '=', 1)
			.execute(),
		// One row per person: the current situation at each checkpoint (at most one current record each).
		db
			.selectFrom('outcome_record')
			.select((eb) => [
				'cohort_id',
				'user_id',
				...CHECKPOINTS.map((checkpoint) =>
					eb.fn
						.max(eb.case().when('checkpoint', '=', checkpoint).then(eb.ref('situation')).end())
						.as(`at_${checkpoint}`)
				)
			])
			.where('cohort_id', 'in', scopeIds)
			.where('superseded_at', 'is', null)
			.groupBy(['cohort_id', 'user_id'])
			.execute()
	]);

	const key = (cohortId: string, userId: string) => `${cohortId}|${userId}`;
	const scheduledBy = new Map(scheduled.map((r) => [r.cohort_id, Number(r.minutes)]));
	const withoutRegisterBy = new Map(scheduled.map((r) => [r.cohort_id, Number(r.without_register)]));
	// Each set "begun" or "due" (instant < now) changes when now passes instant + 1; "reached" (instant ≤ now)
	// when now reaches the instant: the facts hold from the latest such change up to the next one.
	const bounds = new Map<string, { validFrom: number | null; validUntil: number | null }>();
	const widen = (cohortId: string, from: number | null, until: number | null) => {
		const b = bounds.get(cohortId) ?? { validFrom: null, validUntil: null };
		if (from !== null && (b.validFrom === null || from > b.validFrom)) b.validFrom = from;
		if (until !== null && (b.validUntil === null || until < b.validUntil)) b.validUntil = until;
		bounds.set(cohortId, b);
	};
	for (const r of [...activityBounds, ...dueBounds]) {
		widen(r.cohort_id, r.before === null ? null : Number(r.before) + 1, r.after === null ? null : Number(r.after) + 1);
	}
	const today = now;
	// What depends on the cohort only, once per cohort: its instants in the club's zone, core skills, dues.
	const cohortById = new Map(
		cohortRows.map((c) => {
			const due = {} as Record<Checkpoint, boolean>;
			for (const checkpoint of CHECKPOINTS) {
				const dueDay =
					checkpoint === 'exit'
						? c.end_date
						: addDays(c.end_date, checkpoint === 'm3' ? (c.follow_up_m3_days ?? 91) : (c.follow_up_m6_days ?? 182));
				const dueAt = zonedInstant(dueDay, '00:00', tz);
				due[checkpoint] = dueAt <= today;
				widen(c.id, dueAt <= today ? dueAt : null, dueAt > today ? dueAt : null);
			}
			return [
				c.id,
				{
					startAt: zonedInstant(c.start_date, '00:00', tz),
					endAt: zonedInstant(addDays(c.end_date, 1), '00:00', tz),
					weekOneEnd: zonedInstant(addDays(c.start_date, 7), '00:00', tz),
					due,
					core: [...coreOf(c, coreByProgramme)],
					dues: [] as { activityId: string; dueAt: number }[]
				}
			];
		})
	);

	const attendedBy = new Map(attended.map((r) => [key(r.cohort_id, r.user_id), r]));
	for (const d of dues) cohortById.get(d.cohort_id)?.dues.push({ activityId: d.activity_id, dueAt: d.due_at });
	const firstHandIn = new Map(firstHandIns.map((s) => [`${s.activity_id}|${s.user_id}`, Number(s.first)]));
	const waived = new Set(waivers.map((w) => `${w.activity_id}|${w.user_id}`));
	// Each person's evidence, skill by skill.
	const evidenceBy = new Map<string, Map<string, EvidenceFact[]>>();
	for (const e of evidence) {
		let bySkill = evidenceBy.get(e.user_id);
		if (!bySkill) evidenceBy.set(e.user_id, (bySkill = new Map()));
		let list = bySkill.get(e.skill_id);
		if (!list) bySkill.set(e.skill_id, (list = []));
		list.push({ id: e.id, level: e.level, source: e.source, at: e.at });
	}
	const gainsBy = new Map(scores.map((s) => [key(s.cohort_id, s.person_id), s]));
	const goalsBy = new Map(goals.map((g) => [key(g.cohort_id, g.user_id), g]));
	const informalBy = new Map<string, number>();
	for (const m of moments) informalBy.set(key(m.cohort_id, m.user_id), Number(m.minutes));
	const salonByCohort = new Map<string, typeof salon>();
	for (const p of salon) {
		const list = salonByCohort.get(p.cohort_id);
		if (list) list.push(p);
		else salonByCohort.set(p.cohort_id, [p]);
	}
	for (const [cohortId, presences] of salonByCohort) {
		for (const moment of groupSalonPresences(presences)) {
			for (const person of moment.people) {
				const k = key(cohortId, person.userId);
				informalBy.set(k, (informalBy.get(k) ?? 0) + person.minutes);
			}
		}
	}
	const firstCheckBy = new Map(checks.map((c) => [key(c.cohort_id, c.user_id), Number(c.first)]));
	const profileBy = new Map(profiles.map((p) => [p.user_id, p]));
	const outcomeBy = new Map(outcomes.map((o) => [key(o.cohort_id, o.user_id), o]));
	const NONE: EvidenceFact[] = [];
	const gainColumns = AUTONOMY_DIMENSIONS.map((dimension) => [dimension, `gain_${dimension}`] as const);
	const outcomeColumns = CHECKPOINTS.map((checkpoint) => [checkpoint, `at_${checkpoint}`] as const);

	const people: KeyedPersonFacts[] = members.map((m) => {
		const cohort = cohortById.get(m.cohort_id)!;
		const k = key(m.cohort_id, m.user_id);
		const { startAt, endAt } = cohort;
		const att = attendedBy.get(k);
		const handIns = { onTime: 0, late: 0, missing: 0 };
		for (const due of cohort.dues) {
			const first = firstHandIn.get(`${due.activityId}|${m.user_id}`);
			if (first === undefined && waived.has(`${due.activityId}|${m.user_id}`)) continue;
			if (first === undefined) handIns.missing++;
			else if (first <= due.dueAt) handIns.onTime++;
			else handIns.late++;
		}
		// Skills: the level on entry (evidence before the first day) and at the end (up to the last day).
		const personEvidence = evidenceBy.get(m.user_id);
		let movedUpObserved = 0;
		let movedUpAll = 0;
		let autonomousCount = 0;
		let notYetOnEntry = true;
		for (const skillId of cohort.core) {
			const mine = personEvidence?.get(skillId) ?? NONE;
			// No evidence: "not yet" on entry and at the end, nothing moved.
			if (mine.length === 0) continue;
			const entryAll = levelBefore(mine, startAt, false);
			const endAll = levelBefore(mine, endAt, false);
			if (entryAll > 0) notYetOnEntry = false;
			if (endAll > entryAll) movedUpAll++;
			if (levelBefore(mine, endAt, true) > levelBefore(mine, startAt, true)) movedUpObserved++;
			if (endAll === LEVEL_RANK.autonomous) autonomousCount++;
		}
		const autonomyGain: Partial<Record<AutonomyDimension, number>> = {};
		const gains = gainsBy.get(k);
		if (gains) {
			for (const [dimension, column] of gainColumns) {
				const gain = gains[column];
				if (gain !== null && gain !== undefined) autonomyGain[dimension] = Number(gain);
			}
		}
		const goal = goalsBy.get(k);
		const profile = profileBy.get(m.user_id);
		const recorded = outcomeBy.get(k);
		const outcomesOf = {} as PersonFacts['outcomes'];
		for (const [checkpoint, column] of outcomeColumns) {
			outcomesOf[checkpoint] =
				(recorded?.[column] as SituationOrUnknown | null | undefined) ??
				(cohort.due[checkpoint] ? 'unknown' : 'not_due');
		}
		const firstCheck = firstCheckBy.get(k);
		return {
			cohortId: m.cohort_id,
			userId: m.user_id,
			started: Number(att?.sessions ?? 0) > 0,
			presentMinutes: Number(att?.seconds ?? 0) / 60,
			scheduledMinutes: scheduledBy.get(m.cohort_id) ?? 0,
			handIns,
			allCoreAutonomous: autonomousCount === cohort.core.length,
			movedUpObserved,
			movedUpAll,
			notYetOnEntry,
			autonomyGain,
			goalsSet: Number(goal?.set ?? 0),
			goalsAchieved: Number(goal?.achieved ?? 0),
			informalMinutes: informalBy.get(k) ?? 0,
			deviceCheckWeekOne: firstCheck !== undefined && firstCheck < cohort.weekOneEnd,
			profile: profile
				? {
						ageBand: profile.age_band,
						education: profile.education_level,
						outOfWork: profile.out_of_work,
						benefits: parseList(profile.benefits),
						obstacles: parseList(profile.obstacles)
					}
				: null,
			outcomes: outcomesOf
		};
	});
	return { scheduledBy, withoutRegisterBy, people, bounds };
}
