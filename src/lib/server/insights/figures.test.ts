// The figures computed in one pass (rawFigures, caseMix) are, to the last bit, those of the plain form they
// replaced — one filter per measure, kept here as the reference — on many random groups of people.
import { describe, expect, it } from 'vitest';
import { median, ratioInterval, tInterval } from '#lib/insights/stats.ts';
import { AUTONOMY_DIMENSIONS } from '#lib/autonomy/ladder.ts';
import { CHECKPOINTS, isKnown, SITUATIONS } from '#lib/outcomes/situations.ts';
import { AGE_BANDS, BENEFITS, EDUCATION_LEVELS, OBSTACLES, OUT_OF_WORK } from '#lib/server/profiles/schemas.ts';
import type { PersonFacts } from './facts.ts';
import {
	CASE_MIX,
	caseMix,
	hide,
	isSmall,
	modelRow,
	outcomeTest,
	rawFigures,
	share,
	show,
	type Figure,
	type Raw
} from './figures.ts';

/** Each measure of one group of people (a cohort, or several pooled), before any suppression. */
function referenceRawFigures(
	people: readonly PersonFacts[],
	thresholds: ReadonlyMap<string, number>,
	withoutRegister: ReadonlyMap<string, number> = new Map()
): Raw[] {
	const enrolled = people.length;
	const figures: Raw[] = [];
	// The register rule (facts.ts): people of a cohort that never took its register are "non renseigné".
	const missing = (p: PersonFacts) => withoutRegister.get(p.cohortId) ?? 0;
	const unrecorded = people.filter((p) => p.scheduledMinutes === 0 && missing(p) > 0);
	const recorded = people.filter((p) => !(p.scheduledMinutes === 0 && missing(p) > 0));
	const sessionsWithoutRegister = [...new Set(people.map((p) => p.cohortId))].reduce(
		(s, id) => s + (withoutRegister.get(id) ?? 0),
		0
	);
	const flag = (f: Raw, counted: number): Raw =>
		counted === 0 && unrecorded.length > 0 ? { ...f, unrecorded: true } : f;
	figures.push(flag(share('started', recorded.filter((p) => p.started).length, recorded.length), recorded.length));
	const scheduled = people.filter((p) => p.scheduledMinutes > 0);
	const ratio = ratioInterval(scheduled.map((p) => ({ y: p.presentMinutes, x: p.scheduledMinutes })));
	figures.push(
		flag(
			{
				key: 'attendance',
				kind: 'ratio',
				numerator: Math.round(scheduled.reduce((s, p) => s + p.presentMinutes, 0)),
				denominator: scheduled.reduce((s, p) => s + p.scheduledMinutes, 0),
				people: scheduled.length,
				value: ratio?.ratio ?? null,
				low: ratio?.interval?.low ?? null,
				high: ratio?.interval?.high ?? null,
				sessionsWithoutRegister
			},
			scheduled.length
		)
	);
	const completed = scheduled.filter(
		(p) => p.presentMinutes * 100 >= (thresholds.get(p.cohortId) ?? 85) * p.scheduledMinutes
	).length;
	figures.push(
		flag({ ...share('completion', completed, scheduled.length), sessionsWithoutRegister }, scheduled.length)
	);
	const expecting = people.filter((p) => p.handIns.onTime + p.handIns.late + p.handIns.missing > 0);
	const handIns = { onTime: 0, late: 0, missing: 0 };
	for (const p of expecting) {
		handIns.onTime += p.handIns.onTime;
		handIns.late += p.handIns.late;
		handIns.missing += p.handIns.missing;
	}
	const expected = handIns.onTime + handIns.late + handIns.missing;
	figures.push(share('handin_on_time', handIns.onTime, expected, expecting.length));
	figures.push(share('handin_late', handIns.late, expected, expecting.length));
	figures.push(share('handin_missing', handIns.missing, expected, expecting.length));
	figures.push(share('skills_autonomous', people.filter((p) => p.allCoreAutonomous).length, enrolled));
	for (const [key, pick] of [
		['skills_moved_observed', (p: PersonFacts) => p.movedUpObserved],
		['skills_moved_all', (p: PersonFacts) => p.movedUpAll]
	] as const) {
		figures.push({
			key,
			kind: 'median',
			numerator: null,
			denominator: enrolled,
			people: enrolled,
			value: median(people.map(pick)),
			low: null,
			high: null
		});
	}
	for (const dimension of AUTONOMY_DIMENSIONS) {
		const gains = people.map((p) => p.autonomyGain[dimension]).filter((g): g is number => g !== undefined);
		const t = tInterval(gains);
		figures.push({
			key: `autonomy_${dimension}`,
			kind: 'mean',
			numerator: null,
			denominator: gains.length,
			people: gains.length,
			value: t?.mean ?? null,
			low: t?.interval?.low ?? null,
			high: t?.interval?.high ?? null
		});
	}
	const withGoals = people.filter((p) => p.goalsSet > 0);
	figures.push(
		share(
			'goals_reached',
			withGoals.reduce((s, p) => s + p.goalsAchieved, 0),
			withGoals.reduce((s, p) => s + p.goalsSet, 0),
			withGoals.length
		)
	);
	figures.push({
		key: 'informal_minutes',
		kind: 'median',
		numerator: null,
		denominator: enrolled,
		people: enrolled,
		value: median(people.map((p) => p.informalMinutes)),
		low: null,
		high: null
	});
	for (const checkpoint of CHECKPOINTS) {
		const due = people.filter((p) => p.outcomes[checkpoint] !== 'not_due');
		const known = due.filter((p) => isKnown(p.outcomes[checkpoint] as never));
		// Success shares are of known situations: "sans nouvelles" and "inconnu" are neither success nor failure.
		for (const measure of ['durable', 'employment', 'positive'] as const) {
			const x = known.filter((p) => outcomeTest[measure](p.outcomes[checkpoint] as never)).length;
			figures.push(share(`outcome_${checkpoint}_${measure}`, x, known.length));
		}
		figures.push(
			share(`outcome_${checkpoint}_no_news`, due.filter((p) => p.outcomes[checkpoint] === 'no_news').length, due.length)
		);
		figures.push(
			share(`outcome_${checkpoint}_unknown`, due.filter((p) => p.outcomes[checkpoint] === 'unknown').length, due.length)
		);
	}
	return figures;
}

function referenceCaseMix(people: readonly PersonFacts[]): Figure[] {
	const profiled = people.filter((p) => p.profile);
	const raw = [
		...CASE_MIX.map((c) => share(`case_${c.key}`, profiled.filter((p) => c.of(p.profile!)).length, profiled.length)),
		share('case_digital_not_yet', people.filter((p) => p.notYetOnEntry).length, people.length)
	];
	return raw.map((f) => (isSmall(f) ? hide(f) : show(f)));
}

/** A small seeded generator (mulberry32): the same people at every run. */
function random(seed: number) {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function people(count: number, seed: number): PersonFacts[] {
	const r = random(seed);
	const pick = <T>(list: readonly T[]) => list[Math.floor(r() * list.length)];
	const outcomes = [...SITUATIONS, 'no_news', 'unknown', 'not_due'] as const;
	return Array.from({ length: count }, (_, i) => {
		const scheduledMinutes = r() < 0.1 ? 0 : 60 * Math.floor(r() * 40);
		const autonomyGain: PersonFacts['autonomyGain'] = {};
		for (const d of AUTONOMY_DIMENSIONS) if (r() < 0.7) autonomyGain[d] = Math.floor(r() * 7) - 2;
		return {
			cohortId: `c${i % 7}`,
			started: r() < 0.9,
			presentMinutes: r() * scheduledMinutes * 1.1 + (r() < 0.5 ? 1 / 3 : 0),
			scheduledMinutes,
			handIns: { onTime: Math.floor(r() * 3), late: Math.floor(r() * 2), missing: Math.floor(r() * 2) },
			allCoreAutonomous: r() < 0.3,
			movedUpObserved: Math.floor(r() * 5),
			movedUpAll: Math.floor(r() * 6),
			notYetOnEntry: r() < 0.4,
			autonomyGain,
			goalsSet: Math.floor(r() * 4),
			goalsAchieved: Math.floor(r() * 2),
			informalMinutes: r() < 0.3 ? 0 : Math.floor(r() * 600) + (r() < 0.2 ? 0.5 : 0),
			deviceCheckWeekOne: r() < 0.5,
			profile:
				r() < 0.2
					? null
					: {
							ageBand: r() < 0.1 ? null : pick(AGE_BANDS),
							education: r() < 0.1 ? null : pick(EDUCATION_LEVELS),
							outOfWork: r() < 0.1 ? null : pick(OUT_OF_WORK),
							benefits: BENEFITS.filter(() => r() < 0.3).concat(r() < 0.05 ? ['rsa'] : []),
							// An obstacle no longer in the list (a renamed one, in old rows) must not break the figures.
							obstacles: OBSTACLES.filter(() => r() < 0.25).concat(
								r() < 0.05 ? (['unlisted'] as unknown as (typeof OBSTACLES)[number][]) : []
							)
						},
			outcomes: {
				exit: pick(outcomes),
				m3: pick(outcomes),
				m6: pick(outcomes)
			}
		};
	});
}

describe('figures in one pass', () => {
	it('equal the plain form, every figure to the last bit, for groups small and large', () => {
		const thresholds = new Map(Array.from({ length: 7 }, (_, i) => [`c${i}`, 70 + i * 5]));
		for (const [count, seed] of [
			[0, 1],
			[1, 2],
			[3, 3],
			[12, 4],
			[64, 5],
			[65, 6],
			[500, 7],
			[5000, 8]
		]) {
			const group = people(count, seed);
			expect(rawFigures(group, thresholds)).toStrictEqual(referenceRawFigures(group, thresholds));
			// Some cohorts with sessions whose register was never taken.
			const withoutRegister = new Map([
				['c1', 2],
				['c4', 1]
			]);
			expect(rawFigures(group, thresholds, withoutRegister)).toStrictEqual(
				referenceRawFigures(group, thresholds, withoutRegister)
			);
			expect(caseMix(group)).toStrictEqual(referenceCaseMix(group));
		}
		expect(CASE_MIX.length).toBeGreaterThan(20);
	});
	it('read "non renseigné" for a group whose cohorts never took a register, and leave it out of the model', () => {
		const thresholds = new Map([['c1', 85]]);
		const group = people(40, 9).map((p) => ({ ...p, cohortId: 'c1', scheduledMinutes: 0, presentMinutes: 0 }));
		const figures = rawFigures(group, thresholds, new Map([['c1', 3]]));
		for (const key of ['started', 'attendance', 'completion']) {
			const f = figures.find((x) => x.key === key)!;
			expect(f, key).toMatchObject({ unrecorded: true, value: null, people: 0 });
			expect(isSmall(f), key).toBe(true);
			expect(hide(f), key).toMatchObject({ hidden: true, unrecorded: true, value: null });
		}
		expect(figures.find((x) => x.key === 'attendance')!.sessionsWithoutRegister).toBe(3);
		// Without a register, a person's attendance rate is missing: the model leaves them out.
		for (const p of group) expect(modelRow(p, 'remote')).toBeNull();
	});
});
