import {
	CASE_MIX_WARNING,
	meanDifference,
	median,
	newcombeDifference,
	oddsRatios,
	ratioInterval,
	SMALL_NUMBER,
	standardisedDifferenceProportion,
	suppressCells,
	tInterval,
	verdict,
	wilson,
	type ModelRefusal,
	type Verdict
} from '#lib/insights/stats.ts';
import { AUTONOMY_DIMENSIONS } from '#lib/autonomy/ladder.ts';
import {
	CHECKPOINTS,
	isAnyEmployment,
	isDurableEmployment,
	isKnown,
	isPositiveExit,
	type Checkpoint
} from '#lib/outcomes/situations.ts';
import { AGE_BANDS, BENEFITS, EDUCATION_LEVELS, OBSTACLES, OUT_OF_WORK } from '#lib/server/profiles/schemas.ts';
import type { CohortFacts, PersonFacts } from './facts.ts';

/**
 * Aggregates only: what leaves this module has no person in it. A figure whose people count is
 * under 5 (or hidden by the secondary rule) carries no number at all, only `hidden: true`.
 */
export type FigureKind = 'share' | 'ratio' | 'mean' | 'median';
export interface Figure {
	key: string;
	kind: FigureKind;
	/** The count (or minutes) on top; null for a median or a mean, and when hidden. */
	numerator: number | null;
	/** What it is out of (people, hand-ins, goals, minutes); null when hidden. */
	denominator: number | null;
	/** People behind the figure: the small-number rule applies to it. null when hidden. */
	people: number | null;
	value: number | null;
	low: number | null;
	high: number | null;
	hidden: boolean;
	/**
	 * Attendance, completion and "started" only: no register was ever taken for the people it would count
	 * (facts.ts, REGISTER RULE), so it reads "non renseigné" — hidden like "moins de 5", never 0 %.
	 */
	unrecorded?: boolean;
	/** Attendance and completion only: begun required sessions with no register, left out of the denominators. */
	sessionsWithoutRegister?: number;
}

export type Raw = Omit<Figure, 'hidden'>;

const OUTCOME_MEASURES = ['durable', 'employment', 'positive', 'no_news', 'unknown'] as const;
export type OutcomeMeasure = (typeof OUTCOME_MEASURES)[number];

/** Every measure of a group, in page order. */
export const MEASURES = [
	'started',
	'attendance',
	'completion',
	'handin_on_time',
	'handin_late',
	'handin_missing',
	'skills_autonomous',
	'skills_moved_observed',
	'skills_moved_all',
	...AUTONOMY_DIMENSIONS.map((d) => `autonomy_${d}` as const),
	'goals_reached',
	'informal_minutes',
	...CHECKPOINTS.flatMap((c) => OUTCOME_MEASURES.map((m) => `outcome_${c}_${m}` as const))
] as const;
export type Measure = (typeof MEASURES)[number];

/** A share with its Wilson interval (exported for the reference form in figures.test.ts). */
export function share(key: string, x: number, n: number, people = n): Raw {
	const ci = wilson(x, n);
	return {
		key,
		kind: 'share',
		numerator: x,
		denominator: n,
		people,
		value: n ? x / n : null,
		low: ci?.low ?? null,
		high: ci?.high ?? null
	};
}

export const outcomeTest: Record<'durable' | 'employment' | 'positive', (s: Parameters<typeof isKnown>[0]) => boolean> =
	{
		durable: isDurableEmployment,
		employment: isAnyEmployment,
		positive: isPositiveExit
	};

/** Per checkpoint: people due, known, each success, "sans nouvelles", "inconnu". */
interface CheckpointCounts {
	due: number;
	known: number;
	durable: number;
	employment: number;
	positive: number;
	noNews: number;
	unknown: number;
}

/** What each situation counts as, decided once per value (the tests above, remembered). */
const situationKinds = new Map<string, { known: boolean; durable: boolean; employment: boolean; positive: boolean }>();
function kindOf(s: string) {
	let kind = situationKinds.get(s);
	if (!kind) {
		const situation = s as Parameters<typeof isKnown>[0];
		kind = {
			known: isKnown(situation),
			durable: outcomeTest.durable(situation),
			employment: outcomeTest.employment(situation),
			positive: outcomeTest.positive(situation)
		};
		if (situationKinds.size < 1000) situationKinds.set(s, kind);
	}
	return kind;
}

/** The median of whole or decimal values: sorted as numbers (a typed array), the same value as `median`. */
function medianOf(values: Float64Array): number | null {
	return median(Array.from(values.length > 64 ? values.sort() : values));
}

/**
 * Each measure of one group of people (a cohort, or several pooled), before any suppression: one pass over
 * the people, every sum in the people's order (the same figures, to the last bit, as one filter per measure).
 */
export function rawFigures(
	people: readonly PersonFacts[],
	thresholds: ReadonlyMap<string, number>,
	/** Per cohort, its begun required sessions with no register (CohortFacts.sessionsWithoutRegister). */
	withoutRegister: ReadonlyMap<string, number> = NO_COUNTS
): Raw[] {
	const enrolled = people.length;
	let started = 0;
	// People whose cohort kept a register at least once (the others are "non renseigné" for "started").
	let registered = 0;
	let unregisteredPeople = 0;
	const unregisteredCohorts = new Set<string>();
	let sessionsWithoutRegister = 0;
	const pairs: { y: number; x: number }[] = [];
	let presentSum = 0;
	let scheduledSum = 0;
	let completed = 0;
	let expecting = 0;
	const handIns = { onTime: 0, late: 0, missing: 0 };
	let allAutonomous = 0;
	const movedObserved = new Float64Array(enrolled);
	const movedAll = new Float64Array(enrolled);
	const informal = new Float64Array(enrolled);
	const gains = AUTONOMY_DIMENSIONS.map(() => [] as number[]);
	let withGoals = 0;
	let goalsAchieved = 0;
	let goalsSet = 0;
	const outcomes: CheckpointCounts[] = CHECKPOINTS.map(() => ({
		due: 0,
		known: 0,
		durable: 0,
		employment: 0,
		positive: 0,
		noNews: 0,
		unknown: 0
	}));
	for (const [i, p] of people.entries()) {
		const missing = withoutRegister.get(p.cohortId) ?? 0;
		if (missing > 0 && !unregisteredCohorts.has(p.cohortId)) {
			unregisteredCohorts.add(p.cohortId);
			sessionsWithoutRegister += missing;
		}
		if (p.scheduledMinutes === 0 && missing > 0) unregisteredPeople++;
		else {
			registered++;
			if (p.started) started++;
		}
		if (p.scheduledMinutes > 0) {
			pairs.push({ y: p.presentMinutes, x: p.scheduledMinutes });
			presentSum += p.presentMinutes;
			scheduledSum += p.scheduledMinutes;
			if (p.presentMinutes * 100 >= (thresholds.get(p.cohortId) ?? 85) * p.scheduledMinutes) completed++;
		}
		if (p.handIns.onTime + p.handIns.late + p.handIns.missing > 0) {
			expecting++;
			handIns.onTime += p.handIns.onTime;
			handIns.late += p.handIns.late;
			handIns.missing += p.handIns.missing;
		}
		if (p.allCoreAutonomous) allAutonomous++;
		movedObserved[i] = p.movedUpObserved;
		movedAll[i] = p.movedUpAll;
		informal[i] = p.informalMinutes;
		for (const [d, dimension] of AUTONOMY_DIMENSIONS.entries()) {
			const gain = p.autonomyGain[dimension];
			if (gain !== undefined) gains[d].push(gain);
		}
		if (p.goalsSet > 0) {
			withGoals++;
			goalsAchieved += p.goalsAchieved;
			goalsSet += p.goalsSet;
		}
		for (const [c, checkpoint] of CHECKPOINTS.entries()) {
			const situation = p.outcomes[checkpoint];
			if (situation === 'not_due') continue;
			const counts = outcomes[c];
			counts.due++;
			if (situation === 'no_news') counts.noNews++;
			else if (situation === 'unknown') counts.unknown++;
			const kind = kindOf(situation);
			if (!kind.known) continue;
			counts.known++;
			if (kind.durable) counts.durable++;
			if (kind.employment) counts.employment++;
			if (kind.positive) counts.positive++;
		}
	}
	const figures: Raw[] = [];
	const unrecorded = (f: Raw, counted: number): Raw =>
		counted === 0 && unregisteredPeople > 0 ? { ...f, unrecorded: true } : f;
	const withSessions = (f: Raw): Raw => ({ ...f, sessionsWithoutRegister });
	figures.push(unrecorded(share('started', started, registered), registered));
	const ratio = ratioInterval(pairs);
	const attendance: Raw = {
		key: 'attendance',
		kind: 'ratio',
		numerator: Math.round(presentSum),
		denominator: scheduledSum,
		people: pairs.length,
		value: ratio?.ratio ?? null,
		low: ratio?.interval?.low ?? null,
		high: ratio?.interval?.high ?? null
	};
	figures.push(withSessions(unrecorded(attendance, pairs.length)));
	figures.push(withSessions(unrecorded(share('completion', completed, pairs.length), pairs.length)));
	const expected = handIns.onTime + handIns.late + handIns.missing;
	figures.push(share('handin_on_time', handIns.onTime, expected, expecting));
	figures.push(share('handin_late', handIns.late, expected, expecting));
	figures.push(share('handin_missing', handIns.missing, expected, expecting));
	figures.push(share('skills_autonomous', allAutonomous, enrolled));
	for (const [key, values] of [
		['skills_moved_observed', movedObserved],
		['skills_moved_all', movedAll]
	] as const) {
		figures.push({
			key,
			kind: 'median',
			numerator: null,
			denominator: enrolled,
			people: enrolled,
			value: medianOf(values),
			low: null,
			high: null
		});
	}
	for (const [d, dimension] of AUTONOMY_DIMENSIONS.entries()) {
		const t = tInterval(gains[d]);
		figures.push({
			key: `autonomy_${dimension}`,
			kind: 'mean',
			numerator: null,
			denominator: gains[d].length,
			people: gains[d].length,
			value: t?.mean ?? null,
			low: t?.interval?.low ?? null,
			high: t?.interval?.high ?? null
		});
	}
	figures.push(share('goals_reached', goalsAchieved, goalsSet, withGoals));
	figures.push({
		key: 'informal_minutes',
		kind: 'median',
		numerator: null,
		denominator: enrolled,
		people: enrolled,
		value: medianOf(informal),
		low: null,
		high: null
	});
	for (const [c, checkpoint] of CHECKPOINTS.entries()) {
		const counts = outcomes[c];
		// Success shares are of known situations: "sans nouvelles" and "inconnu" are neither success nor failure.
		figures.push(share(`outcome_${checkpoint}_durable`, counts.durable, counts.known));
		figures.push(share(`outcome_${checkpoint}_employment`, counts.employment, counts.known));
		figures.push(share(`outcome_${checkpoint}_positive`, counts.positive, counts.known));
		figures.push(share(`outcome_${checkpoint}_no_news`, counts.noNews, counts.due));
		figures.push(share(`outcome_${checkpoint}_unknown`, counts.unknown, counts.due));
	}
	return figures;
}

const NO_COUNTS: ReadonlyMap<string, number> = new Map();

/** A figure shown as "moins de 5" (or "non renseigné"): no number about people left in it. */
export const hide = (f: Raw): Figure => ({
	key: f.key,
	kind: f.kind,
	numerator: null,
	denominator: null,
	people: null,
	value: null,
	low: null,
	high: null,
	hidden: true,
	// Sessions, not people: the count of sessions without a register reveals no one.
	...(f.unrecorded ? { unrecorded: true } : {}),
	...(f.sessionsWithoutRegister !== undefined ? { sessionsWithoutRegister: f.sessionsWithoutRegister } : {})
});
export const show = (f: Raw): Figure => ({ ...f, hidden: false });
export const isSmall = (f: Raw) => (f.people ?? 0) < SMALL_NUMBER || f.value === null;

export interface CohortRow {
	id: string;
	name: string;
	year: number;
	modality: CohortFacts['modality'];
	programmeTitle: string | null;
	startDate: string;
	endDate: string;
	/** null when under 5 ("moins de 5"). */
	enrolled: number | null;
	figures: Figure[];
}

export interface GroupFigures {
	cohortCount: number;
	enrolled: number | null;
	figures: Figure[];
}

/**
 * The table of cohorts and its total, with the small-number rule applied column by column: a cohort
 * under 5 for a measure is hidden, and when it is the only one hidden in that column the next smallest
 * is hidden with it (or the total, when there is none), so no subtraction from the total reveals it.
 */
export function cohortTable(
	cohorts: readonly CohortFacts[],
	people: readonly PersonFacts[],
	/** Each cohort's figures before suppression, when the caller has them (rawFigures of its people). */
	rawOf?: (cohort: CohortFacts, index: number) => Raw[]
): { rows: CohortRow[]; total: GroupFigures } {
	const thresholds = new Map(cohorts.map((c) => [c.id, c.thresholdPercent]));
	const withoutRegister = sessionsWithoutRegisterOf(cohorts);
	const byCohort = new Map<string, PersonFacts[]>(cohorts.map((c) => [c.id, []]));
	for (const p of people) byCohort.get(p.cohortId)?.push(p);
	const raw = cohorts.map((c, i) =>
		rawOf ? rawOf(c, i) : rawFigures(byCohort.get(c.id) ?? [], thresholds, withoutRegister)
	);
	const totalRaw = rawFigures(people, thresholds, withoutRegister);
	const rows: CohortRow[] = cohorts.map((c) => ({
		id: c.id,
		name: c.name,
		year: c.year,
		modality: c.modality,
		programmeTitle: c.programmeTitle,
		startDate: c.startDate,
		endDate: c.endDate,
		enrolled: (byCohort.get(c.id)?.length ?? 0) < SMALL_NUMBER ? null : byCohort.get(c.id)!.length,
		figures: []
	}));
	const totalFigures: Figure[] = [];
	for (const [m, totalFigure] of totalRaw.entries()) {
		const column = raw.map((figures) => figures[m]);
		const { hidden, totalHidden } = suppressCells(
			column.map((f) => ({ denominator: f.value === null ? 0 : (f.people ?? 0) }))
		);
		for (const [i, f] of column.entries()) rows[i].figures.push(hidden[i] ? hide(f) : show(f));
		totalFigures.push(totalHidden || isSmall(totalFigure) ? hide(totalFigure) : show(totalFigure));
	}
	return {
		rows,
		total: {
			cohortCount: cohorts.length,
			enrolled: people.length < SMALL_NUMBER ? null : people.length,
			figures: totalFigures
		}
	};
}

/** One group on its own (side by side): the small-number rule on each figure. */
export function groupFigures(cohorts: readonly CohortFacts[], people: readonly PersonFacts[]): GroupFigures {
	const thresholds = new Map(cohorts.map((c) => [c.id, c.thresholdPercent]));
	return {
		cohortCount: cohorts.length,
		enrolled: people.length < SMALL_NUMBER ? null : people.length,
		figures: rawFigures(people, thresholds, sessionsWithoutRegisterOf(cohorts)).map((f) =>
			isSmall(f) ? hide(f) : show(f)
		)
	};
}

/** Each cohort's begun required sessions with no register (rawFigures' third argument). */
export function sessionsWithoutRegisterOf(cohorts: readonly CohortFacts[]): Map<string, number> {
	return new Map(cohorts.filter((c) => c.sessionsWithoutRegister > 0).map((c) => [c.id, c.sessionsWithoutRegister]));
}

export interface Difference {
	key: string;
	/** A share's difference is in proportion points; a mean's in the measure's own unit (ladder steps). */
	kind: 'share' | 'mean';
	difference: number;
	low: number;
	high: number;
	verdict: Verdict;
}

/** The values behind each mean of a group (autonomy steps gained per dimension), for a difference's interval. */
export function meanSamples(people: readonly PersonFacts[]): Map<string, number[]> {
	return new Map(
		AUTONOMY_DIMENSIONS.map((dimension) => [
			`autonomy_${dimension}`,
			people.map((p) => p.autonomyGain[dimension]).filter((g): g is number => g !== undefined)
		])
	);
}

/**
 * A minus B for every share both groups show (Newcombe's interval) and every mean both show (Welch's
 * interval, from the values in `samples`; the values never leave this module).
 */
export function differences(
	a: GroupFigures,
	b: GroupFigures,
	samples?: { a: Map<string, number[]>; b: Map<string, number[]> }
): Difference[] {
	const out: Difference[] = [];
	for (const [i, fa] of a.figures.entries()) {
		const fb = b.figures[i];
		if (fa.hidden || fb.hidden) continue;
		if (fa.kind === 'share') {
			const d = newcombeDifference(fa.numerator!, fa.denominator!, fb.numerator!, fb.denominator!);
			if (d) out.push({ key: fa.key, kind: 'share', ...d, verdict: verdict(d) });
		} else if (fa.kind === 'mean' && samples) {
			const d = meanDifference(samples.a.get(fa.key) ?? [], samples.b.get(fa.key) ?? []);
			if (d) {
				const { difference, low, high } = d;
				out.push({ key: fa.key, kind: 'mean', difference, low, high, verdict: verdict(d) });
			}
		}
	}
	return out;
}

// ——— Case mix ———

export const CASE_MIX = [
	...AGE_BANDS.map((v) => ({ key: `age_${v}`, of: (p: NonNullable<PersonFacts['profile']>) => p.ageBand === v })),
	...EDUCATION_LEVELS.map((v) => ({
		key: `education_${v}`,
		of: (p: NonNullable<PersonFacts['profile']>) => p.education === v
	})),
	...OUT_OF_WORK.map((v) => ({
		key: `out_of_work_${v}`,
		of: (p: NonNullable<PersonFacts['profile']>) => p.outOfWork === v
	})),
	...BENEFITS.map((v) => ({
		key: `benefit_${v}`,
		of: (p: NonNullable<PersonFacts['profile']>) => p.benefits.includes(v)
	})),
	...OBSTACLES.map((v) => ({
		key: `obstacle_${v}`,
		of: (p: NonNullable<PersonFacts['profile']>) => p.obstacles.includes(v)
	}))
];

const CASE_INDEX = new Map(CASE_MIX.map((c, i) => [c.key, i]));

/** What the case mix counts (whole numbers: a group's are the sums of its cohorts'). */
export interface CaseMixCounts {
	people: number;
	profiled: number;
	notYet: number;
	counts: number[];
}

/** Who a group served: shares among people with a consented intake profile (digital level: among all). */
export function caseMix(people: readonly PersonFacts[]): Figure[] {
	return caseMixFromCounts(caseMixCounts(people));
}

/** The case mix of several groups together (e.g. cohorts), from each one's counts: the same as caseMix of all. */
export function caseMixFromCounts(...parts: CaseMixCounts[]): Figure[] {
	let people = 0;
	let profiled = 0;
	let notYet = 0;
	const counts = CASE_MIX.map(() => 0);
	for (const part of parts) {
		people += part.people;
		profiled += part.profiled;
		notYet += part.notYet;
		for (const [i, c] of part.counts.entries()) counts[i] += c;
	}
	const raw = [
		...CASE_MIX.map((c, i) => share(`case_${c.key}`, counts[i], profiled)),
		share('case_digital_not_yet', notYet, people)
	];
	return raw.map((f) => (isSmall(f) ? hide(f) : show(f)));
}

/** One pass: how many have a profile, how many of them have each characteristic, how many "not yet". */
export function caseMixCounts(people: readonly PersonFacts[]): CaseMixCounts {
	let profiled = 0;
	let notYet = 0;
	const counts = CASE_MIX.map(() => 0);
	for (const p of people) {
		if (p.notYetOnEntry) notYet++;
		const profile = p.profile;
		if (!profile) continue;
		profiled++;
		// Each characteristic the profile has, looked up (the same as asking each CASE_MIX test in turn).
		for (const key of [
			`age_${profile.ageBand}`,
			`education_${profile.education}`,
			`out_of_work_${profile.outOfWork}`
		]) {
			const i = CASE_INDEX.get(key);
			if (i !== undefined) counts[i]++;
		}
		for (const [prefix, list] of [
			['benefit_', profile.benefits],
			['obstacle_', profile.obstacles]
		] as const) {
			for (const [j, value] of list.entries()) {
				const i = CASE_INDEX.get(prefix + value);
				// A value listed twice is one characteristic.
				if (i !== undefined && list.indexOf(value) === j) counts[i]++;
			}
		}
	}
	return { people: people.length, profiled, notYet, counts };
}

/** Standardised difference of each case-mix share between two groups, flagged above 0.25. */
export function caseMixDifferences(
	a: Figure[],
	b: Figure[]
): { key: string; standardised: number; warning: boolean }[] {
	return a.flatMap((fa, i) => {
		const fb = b[i];
		if (fa.hidden || fb.hidden) return [];
		const d = standardisedDifferenceProportion(fa.value!, fb.value!);
		return [{ key: fa.key, standardised: d, warning: Math.abs(d) > CASE_MIX_WARNING }];
	});
}

// ——— What goes with good outcomes ———

export const MODEL_FACTORS = [
	'attendance_per_10_points',
	'informal_hours',
	'device_check_week_one',
	'skills_gained',
	'autonomy_gained',
	'remote',
	'hybrid',
	'intake_obstacles',
	'long_out_of_work'
] as const;
export type ModelFactor = (typeof MODEL_FACTORS)[number];
const LONG_OUT_OF_WORK = new Set(['12_24m', 'over_24m', 'never_worked']);

/**
 * The model's factors for one person, or null when one is missing (no profile, no autonomy at both ends, no
 * register ever taken in their cohort: scheduledMinutes counts only registered sessions, REGISTER RULE).
 */
export function modelRow(person: PersonFacts, modality: CohortFacts['modality']): number[] | null {
	const gains = Object.values(person.autonomyGain);
	if (!person.profile || person.profile.outOfWork === null || gains.length === 0 || person.scheduledMinutes === 0)
		return null;
	return [
		(person.presentMinutes / person.scheduledMinutes) * 10,
		person.informalMinutes / 60,
		person.deviceCheckWeekOne ? 1 : 0,
		person.movedUpObserved,
		gains.reduce((s, g) => s + g, 0) / gains.length,
		modality === 'remote' ? 1 : 0,
		modality === 'hybrid' ? 1 : 0,
		person.profile.obstacles.length,
		LONG_OUT_OF_WORK.has(person.profile.outOfWork) ? 1 : 0
	];
}

export type SuccessModel = {
	/** People whose +6 months situation is known and whose factors are all there. */
	used: number;
	leftOutUnknown: number;
	leftOutMissing: number;
	positives: number;
	negatives: number;
} & (
	| { ok: true; factors: { factor: ModelFactor; oddsRatio: number; low: number; high: number }[] }
	| { ok: false; refusal: ModelRefusal }
);

/** Logistic regression of "positive exit at +6 months" on the factors, over the people given. */
export function successModel(cohorts: readonly CohortFacts[], people: readonly PersonFacts[]): SuccessModel {
	const modality = new Map(cohorts.map((c) => [c.id, c.modality]));
	const x: number[][] = [];
	const y: number[] = [];
	let leftOutUnknown = 0;
	let leftOutMissing = 0;
	for (const p of people) {
		const situation = p.outcomes.m6;
		if (situation === 'not_due') continue;
		if (!isKnown(situation)) {
			leftOutUnknown++;
			continue;
		}
		const row = modelRow(p, modality.get(p.cohortId)!);
		if (!row) {
			leftOutMissing++;
			continue;
		}
		x.push(row);
		y.push(isPositiveExit(situation) ? 1 : 0);
	}
	const positives = y.filter((v) => v === 1).length;
	const counts = { used: y.length, leftOutUnknown, leftOutMissing, positives, negatives: y.length - positives };
	if (y.length === 0) {
		return {
			...counts,
			ok: false,
			refusal: { reason: 'too_few', positives: 0, negatives: 0, needed: 10 * MODEL_FACTORS.length }
		};
	}
	const result = oddsRatios(x, y);
	if (!result.ok) return { ...counts, ok: false, refusal: result.refusal };
	return {
		...counts,
		ok: true,
		factors: result.factors.map((f, j) => ({
			factor: MODEL_FACTORS[j],
			oddsRatio: f.oddsRatio,
			low: f.low,
			high: f.high
		}))
	};
}

export const CHECKPOINT_LIST: readonly Checkpoint[] = CHECKPOINTS;
