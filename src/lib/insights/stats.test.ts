import { describe, expect, it } from 'vitest';
import reference from './fixtures/logit-reference.json' with { type: 'json' };
import meanReference from './fixtures/mean-difference-reference.json' with { type: 'json' };
import {
	incompleteBeta,
	meanDifference,
	median,
	ratioInterval,
	newcombeDifference,
	oddsRatios,
	standardisedDifferenceMean,
	standardisedDifferenceProportion,
	studentTQuantile,
	suppressCells,
	tInterval,
	verdict,
	wilson
} from './stats.ts';
import { referenceFactors } from './reference-rows.ts';

const close = (actual: number, expected: number, digits = 4) => expect(actual).toBeCloseTo(expected, digits);

describe('Wilson interval: Newcombe 1998a, Table II, method 3 (score, no continuity correction)', () => {
	it.each([
		[81, 263, 0.2553, 0.3662],
		[15, 148, 0.0624, 0.1605],
		[0, 20, 0, 0.1611],
		[1, 29, 0.0061, 0.1718]
	])('%i / %i → %f to %f', (x, n, low, high) => {
		const interval = wilson(x, n)!;
		close(interval.low, low);
		close(interval.high, high);
	});
	it('has nothing to say about an empty group', () => expect(wilson(0, 0)).toBeNull());
});

describe('Difference of proportions: Newcombe 1998b, Table II, method 10', () => {
	it.each([
		[56, 70, 48, 80, 0.0524, 0.3339],
		[9, 10, 3, 10, 0.1705, 0.809],
		[6, 7, 2, 7, 0.0582, 0.8062],
		[5, 56, 0, 29, -0.0381, 0.1926],
		[0, 10, 0, 20, -0.1611, 0.2775],
		[0, 10, 0, 10, -0.2775, 0.2775],
		[10, 10, 0, 20, 0.6791, 1],
		[10, 10, 0, 10, 0.6075, 1]
	])('%i/%i − %i/%i → %f to %f', (x1, n1, x2, n2, low, high) => {
		const d = newcombeDifference(x1, n1, x2, n2)!;
		close(d.difference, x1 / n1 - x2 / n2, 10);
		close(d.low, low);
		close(d.high, high);
	});
	it('says "too uncertain" when the interval crosses zero, and which way otherwise', () => {
		expect(verdict(newcombeDifference(5, 56, 0, 29)!)).toBe('uncertain');
		expect(verdict(newcombeDifference(56, 70, 48, 80)!)).toBe('higher');
		expect(verdict(newcombeDifference(48, 80, 56, 70)!)).toBe('lower');
	});
});

describe('t interval for a mean', () => {
	it('matches the Student t quantiles of the tables', () => {
		close(studentTQuantile(0.975, 1), 12.7062);
		close(studentTQuantile(0.975, 9), 2.2622);
		close(studentTQuantile(0.975, 29), 2.0452);
		close(studentTQuantile(0.975, 1000), 1.9623);
		close(incompleteBeta(0.5, 2, 3), 0.6875, 10);
	});
	it('gives mean ± t(0.975, n−1)·s/√n (scipy.stats.t.interval on the same values)', () => {
		// scipy: t.interval(0.95, 7, loc=mean, scale=sem) for [1,2,2,3,3,3,4,6] = (1.7361, 4.2639)
		const r = tInterval([1, 2, 2, 3, 3, 3, 4, 6])!;
		close(r.mean, 3, 10);
		close(r.interval!.low, 1.7361);
		close(r.interval!.high, 4.2639);
		expect(tInterval([2])!.interval).toBeNull();
		expect(tInterval([])).toBeNull();
	});
	it('medians', () => {
		expect(median([3, 1, 2])).toBe(2);
		expect(median([4, 1, 2, 3])).toBe(2.5);
		expect(median([])).toBeNull();
	});
});

describe('Difference of two means: Welch, against statsmodels (fixtures/mean-difference-reference.json)', () => {
	for (const c of meanReference.cases) {
		it(`${c.name}: a − b, Welch–Satterthwaite df and its 95 % interval`, () => {
			const d = meanDifference(c.a, c.b)!;
			close(d.difference, c.difference, 10);
			close(d.df, c.df, 8);
			close(d.low, c.low, 8);
			close(d.high, c.high, 8);
		});
	}
	it('says "too uncertain" when the interval crosses zero', () => {
		const crosses = meanReference.cases.find((c) => c.name === 'crosses zero')!;
		expect(verdict(meanDifference(crosses.a, crosses.b)!)).toBe('uncertain');
	});
	it('has nothing to say under two values in a group, and no spread gives a point', () => {
		expect(meanDifference([1], [1, 2, 3])).toBeNull();
		expect(meanDifference([2, 2], [1, 1, 1])).toEqual({ difference: 1, low: 1, high: 1, df: 3 });
	});
});

describe('Standardised difference (Austin 2009)', () => {
	it('of a share: (p1 − p2) / √((p1q1 + p2q2)/2)', () => {
		close(standardisedDifferenceProportion(0.5, 0.3), 0.2 / Math.sqrt((0.25 + 0.21) / 2), 10);
		expect(standardisedDifferenceProportion(0, 0)).toBe(0);
	});
	it('of a mean: (m1 − m2) / √((s1² + s2²)/2)', () => {
		// means 2 and 3, sample variances 1 and 1 → −1
		close(standardisedDifferenceMean([1, 2, 3], [2, 3, 4]), -1, 10);
	});
});

describe('Small numbers', () => {
	it('hides a cell under 5 and, when it is the only one, the next smallest beside it (the total stays)', () => {
		expect(suppressCells([{ denominator: 4 }, { denominator: 12 }, { denominator: 8 }])).toEqual({
			hidden: [true, false, true],
			totalHidden: false
		});
	});
	it('needs no partner for an empty cell (nobody behind it)', () => {
		expect(suppressCells([{ denominator: 0 }, { denominator: 12 }, { denominator: 8 }])).toEqual({
			hidden: [true, false, false],
			totalHidden: false
		});
	});
	it('hides nothing more when two cells are already hidden and together reach 5', () => {
		expect(suppressCells([{ denominator: 4 }, { denominator: 3 }, { denominator: 8 }])).toEqual({
			hidden: [true, true, false],
			totalHidden: false
		});
	});
	it('hides the total when hidden cells together stay under 5, or there is nothing to hide beside', () => {
		expect(suppressCells([{ denominator: 2 }, { denominator: 2 }, { denominator: 9 }]).totalHidden).toBe(true);
		expect(suppressCells([{ denominator: 4 }])).toEqual({ hidden: [true], totalHidden: true });
		expect(suppressCells([{ denominator: 6 }, { denominator: 7 }])).toEqual({
			hidden: [false, false],
			totalHidden: false
		});
	});
});

describe('Logistic regression against the statsmodels reference fit (fixtures/logit-reference.json)', () => {
	const known = reference.rows.filter((r) => r.m6 === 'positive' || r.m6 === 'negative');
	const x = known.map((r) => referenceFactors(r, reference.scheduledMinutes));
	const y = known.map((r) => (r.m6 === 'positive' ? 1 : 0));
	it('finds the same coefficients, standard errors and Wald intervals', () => {
		expect(known.length).toBe(reference.nobs);
		const result = oddsRatios(x, y);
		if (!result.ok) throw new Error(JSON.stringify(result.refusal));
		close(result.intercept, reference.params[0], 6);
		for (const [j, factor] of result.factors.entries()) {
			close(factor.coefficient, reference.params[j + 1], 6);
			close(factor.standardError, reference.bse[j + 1], 6);
			close(Math.log(factor.low), reference.confInt[j + 1][0], 6);
			close(Math.log(factor.high), reference.confInt[j + 1][1], 6);
		}
	});
	it('refuses, saying why, under ten positive and ten negative outcomes per factor', () => {
		const result = oddsRatios(x.slice(0, 150), y.slice(0, 150));
		expect(result).toMatchObject({ ok: false, refusal: { reason: 'too_few', needed: 90 } });
	});
	it('refuses when a factor separates the outcomes perfectly (no stable fit)', () => {
		const xs = Array.from({ length: 40 }, (_, i) => [i]);
		const ys = xs.map(([v]) => (v >= 20 ? 1 : 0));
		expect(oddsRatios(xs, ys)).toEqual({ ok: false, refusal: { reason: 'no_fit' } });
	});
});

describe('Ratio of sums (minutes present / minutes scheduled)', () => {
	it('is Σy/Σx with the ratio estimator’s linearised standard error and a t interval', () => {
		const pairs = [
			{ y: 400, x: 480 },
			{ y: 300, x: 480 },
			{ y: 480, x: 480 },
			{ y: 100, x: 240 }
		];
		const r = ratioInterval(pairs)!;
		close(r.ratio, 1280 / 1680, 12);
		// By hand: residuals y − R·x, their variance over n − 1, se = √(v/n)/x̄, t(0.975, 3) = 3.182446.
		const R = 1280 / 1680;
		const v = pairs.reduce((s, p) => s + (p.y - R * p.x) ** 2, 0) / 3;
		const half = (3.182446305284263 * Math.sqrt(v / 4)) / 420;
		close(r.interval!.low, R - half, 6);
		close(r.interval!.high, R + half, 6);
		expect(ratioInterval([])).toBeNull();
	});
});
