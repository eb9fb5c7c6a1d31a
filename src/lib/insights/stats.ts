/**
 * The statistics behind the director's figures, in one pure module (no database, no I/O), checked
 * against published worked examples and a reference fit (stats.test.ts, bench/insights/reference-fit.py).
 * Every interval here is two-sided 95 %.
 */

/** The standard normal quantile for a two-sided 95 % interval. */
export const Z95 = 1.959963984540054;
/** A figure whose denominator is below this shows "moins de 5" (DESIGN.md). */
export const SMALL_NUMBER = 5;

export interface Interval {
	low: number;
	high: number;
}

/** Wilson's score interval for x successes out of n (Newcombe 1998a, method 3). null when n = 0. */
export function wilson(x: number, n: number, z = Z95): Interval | null {
	if (n <= 0) return null;
	if (x < 0 || x > n) throw new RangeError(`wilson: ${x} out of ${n}`);
	const p = x / n;
	const z2 = z * z;
	const centre = p + z2 / (2 * n);
	const spread = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
	const denominator = 1 + z2 / n;
	return {
		// At x = 0 or x = n the bound is exactly 0 or 1; the formula only lands there up to rounding.
		low: x === 0 ? 0 : (centre - spread) / denominator,
		high: x === n ? 1 : (centre + spread) / denominator
	};
}

/**
 * Newcombe's hybrid score interval for the difference p1 − p2 of two independent proportions
 * (Newcombe 1998b, method 10): built from each proportion's Wilson interval. null when a group is empty.
 */
export function newcombeDifference(
	x1: number,
	n1: number,
	x2: number,
	n2: number
): { difference: number; low: number; high: number } | null {
	const a = wilson(x1, n1);
	const b = wilson(x2, n2);
	if (!a || !b) return null;
	const p1 = x1 / n1;
	const p2 = x2 / n2;
	const difference = p1 - p2;
	return {
		difference,
		low: difference - Math.sqrt((p1 - a.low) ** 2 + (b.high - p2) ** 2),
		high: difference + Math.sqrt((a.high - p1) ** 2 + (p2 - b.low) ** 2)
	};
}

/** What an interval around a difference allows one to say. */
export type Verdict = 'higher' | 'lower' | 'uncertain';
export function verdict(interval: Interval): Verdict {
	if (interval.low > 0) return 'higher';
	if (interval.high < 0) return 'lower';
	return 'uncertain';
}

export function mean(values: readonly number[]): number {
	return values.reduce((s, v) => s + v, 0) / values.length;
}

/** Sample standard deviation (n − 1). */
export function standardDeviation(values: readonly number[]): number {
	if (values.length < 2) return 0;
	const m = mean(values);
	return Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1));
}

/** The median (mean of the two middle values for an even count). null for no values. */
export function median(values: readonly number[]): number | null {
	if (values.length === 0) return null;
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

// ln Γ(x), Lanczos approximation (g = 7, n = 9): ~15 significant digits for x > 0.
const LANCZOS = [
	0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
	12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7
];
function logGamma(x: number): number {
	if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
	x -= 1;
	let a = LANCZOS[0];
	const t = x + 7.5;
	for (let i = 1; i < 9; i++) a += LANCZOS[i] / (x + i);
	return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

// The continued fraction of the regularised incomplete beta function (modified Lentz).
function betaContinuedFraction(a: number, b: number, x: number): number {
	const tiny = 1e-300;
	let c = 1;
	let d = 1 - ((a + b) * x) / (a + 1);
	if (Math.abs(d) < tiny) d = tiny;
	d = 1 / d;
	let h = d;
	for (let m = 1; m <= 300; m++) {
		const m2 = 2 * m;
		let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
		d = 1 + aa * d;
		if (Math.abs(d) < tiny) d = tiny;
		c = 1 + aa / c;
		if (Math.abs(c) < tiny) c = tiny;
		d = 1 / d;
		h *= d * c;
		aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
		d = 1 + aa * d;
		if (Math.abs(d) < tiny) d = tiny;
		c = 1 + aa / c;
		if (Math.abs(c) < tiny) c = tiny;
		d = 1 / d;
		const step = d * c;
		h *= step;
		if (Math.abs(step - 1) < 1e-15) break;
	}
	return h;
}

/** The regularised incomplete beta function I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
	if (x <= 0) return 0;
	if (x >= 1) return 1;
	const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
	return x < (a + 1) / (a + b + 2)
		? (front * betaContinuedFraction(a, b, x)) / a
		: 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** P(T ≤ t) for Student's t with df degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
	const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
	return t >= 0 ? 1 - tail : tail;
}

/** The quantile of Student's t (bisection on the CDF), remembered: a page asks for the same few again and again. */
export function studentTQuantile(p: number, df: number): number {
	if (p <= 0 || p >= 1) throw new RangeError(`quantile of ${p}`);
	const key = `${p}|${df}`;
	const known = quantiles.get(key);
	if (known !== undefined) return known;
	let low = -1e3;
	let high = 1e3;
	for (let i = 0; i < 200 && high - low > 1e-12; i++) {
		const mid = (low + high) / 2;
		if (studentTCdf(mid, df) < p) low = mid;
		else high = mid;
	}
	const quantile = (low + high) / 2;
	if (quantiles.size >= 10_000) quantiles.clear();
	quantiles.set(key, quantile);
	return quantile;
}
const quantiles = new Map<string, number>();

/** The mean with its t interval. The interval is null under two values (no spread to measure). */
export function tInterval(values: readonly number[]): { mean: number; n: number; interval: Interval | null } | null {
	const n = values.length;
	if (n === 0) return null;
	const m = mean(values);
	if (n < 2) return { mean: m, n, interval: null };
	const half = (studentTQuantile(0.975, n - 1) * standardDeviation(values)) / Math.sqrt(n);
	return { mean: m, n, interval: { low: m - half, high: m + half } };
}

/**
 * Welch's interval for the difference of two means, a − b, without assuming equal spreads: the
 * standard error √(s₁²/n₁ + s₂²/n₂) and the Welch–Satterthwaite degrees of freedom (as statsmodels'
 * CompareMeans.tconfint_diff(usevar='unequal')). null under two values in a group (no spread to measure).
 */
export function meanDifference(
	a: readonly number[],
	b: readonly number[]
): { difference: number; low: number; high: number; df: number } | null {
	if (a.length < 2 || b.length < 2) return null;
	const va = standardDeviation(a) ** 2 / a.length;
	const vb = standardDeviation(b) ** 2 / b.length;
	const difference = mean(a) - mean(b);
	const se = Math.sqrt(va + vb);
	if (se === 0) return { difference, low: difference, high: difference, df: a.length + b.length - 2 };
	const df = (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
	const half = studentTQuantile(0.975, df) * se;
	return { difference, low: difference - half, high: difference + half, df };
}

/**
 * Standardised difference of a binary characteristic between two groups (Austin 2009):
 * (p1 − p2) / √((p1(1−p1) + p2(1−p2)) / 2). 0 when both groups are all-or-nothing alike.
 */
export function standardisedDifferenceProportion(p1: number, p2: number): number {
	const pooled = Math.sqrt((p1 * (1 - p1) + p2 * (1 - p2)) / 2);
	if (pooled === 0) return p1 === p2 ? 0 : Infinity * Math.sign(p1 - p2);
	return (p1 - p2) / pooled;
}

/** Standardised difference of a continuous characteristic: (m1 − m2) / √((s1² + s2²) / 2). */
export function standardisedDifferenceMean(a: readonly number[], b: readonly number[]): number {
	const pooled = Math.sqrt((standardDeviation(a) ** 2 + standardDeviation(b) ** 2) / 2);
	const diff = mean(a) - mean(b);
	if (pooled === 0) return diff === 0 ? 0 : Infinity * Math.sign(diff);
	return diff / pooled;
}

/** Above this (in absolute value), two groups differ a lot on a characteristic (Austin 2009's 0.1 is stricter). */
export const CASE_MIX_WARNING = 0.25;

// ——— Small numbers ———

/** One cell of a table whose cells add up to a shown total (one figure of one cohort). */
export interface Cell {
	denominator: number;
}

/**
 * Which cells of a table to hide. Primary: a denominator under 5. Secondary: when exactly one cell is
 * hidden and the others and the total are shown, it could be recomputed by subtraction, so the next
 * smallest shown cell is hidden with it (complementary suppression keeps the total, which is what a
 * comparison needs); when there is no other cell to hide, the total is hidden instead.
 */
export function suppressCells(cells: readonly Cell[]): { hidden: boolean[]; totalHidden: boolean } {
	// An empty cell (no one behind it) shows nothing and reveals nothing: it needs no partner.
	const hidden = cells.map((c) => c.denominator < SMALL_NUMBER);
	const totalDenominator = cells.reduce((s, c) => s + c.denominator, 0);
	const hiddenCount = cells.filter((c) => c.denominator > 0 && c.denominator < SMALL_NUMBER).length;
	let totalHidden = totalDenominator < SMALL_NUMBER;
	if (hiddenCount === 1 && !totalHidden) {
		let complement = -1;
		for (const [i, c] of cells.entries()) {
			if (hidden[i]) continue;
			if (complement === -1 || c.denominator < cells[complement].denominator) complement = i;
		}
		if (complement === -1) totalHidden = true;
		else hidden[complement] = true;
	}
	// Several hidden cells whose denominators together stay under 5 would still be recomputable as a block.
	const hiddenDenominator = cells.reduce((s, c, i) => s + (hidden[i] ? c.denominator : 0), 0);
	if (hiddenCount > 0 && hiddenDenominator < SMALL_NUMBER) totalHidden = true;
	return { hidden, totalHidden };
}

// ——— Logistic regression ———

export interface LogisticFit {
	coefficients: number[];
	standardErrors: number[];
	iterations: number;
}

/** Inverts A (Gauss–Jordan on the augmented matrix [A | I], partial pivoting). null when A is singular. */
function invertSymmetric(a: number[][]): number[][] | null {
	const n = a.length;
	const aug = a.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
	for (let col = 0; col < n; col++) {
		let pivot = col;
		for (let r = col + 1; r < n; r++) if (Math.abs(aug[r][col]) > Math.abs(aug[pivot][col])) pivot = r;
		if (Math.abs(aug[pivot][col]) < 1e-12) return null;
		[aug[col], aug[pivot]] = [aug[pivot], aug[col]];
		const p = aug[col][col];
		for (let j = 0; j < 2 * n; j++) aug[col][j] /= p;
		for (let r = 0; r < n; r++) {
			if (r === col) continue;
			const f = aug[r][col];
			if (f === 0) continue;
			for (let j = 0; j < 2 * n; j++) aug[r][j] -= f * aug[col][j];
		}
	}
	return aug.map((row) => row.slice(n));
}

/**
 * Maximum-likelihood logistic regression by iteratively reweighted least squares (Newton–Raphson).
 * `x` rows are the factors without the intercept (added first). Standard errors from the inverse
 * information matrix, as statsmodels' Logit reports them. null when it does not converge (e.g. a
 * factor separates the outcomes perfectly) or the factors are collinear.
 */
export function logisticRegression(x: readonly (readonly number[])[], y: readonly number[]): LogisticFit | null {
	// Plain loops over one flat array (the same sums in the same order as the textbook form, only without
	// a closure per term): a whole network's people fit in a few milliseconds per iteration.
	const n = x.length;
	const k = n ? x[0].length + 1 : 0;
	const rows = new Float64Array(n * k);
	for (let i = 0; i < n; i++) {
		rows[i * k] = 1;
		for (let j = 1; j < k; j++) rows[i * k + j] = x[i][j - 1];
	}
	let beta = new Array<number>(k).fill(0);
	for (let iteration = 1; iteration <= 50; iteration++) {
		const information = Array.from({ length: k }, () => new Array<number>(k).fill(0));
		const score = new Array<number>(k).fill(0);
		for (let i = 0; i < n; i++) {
			const o = i * k;
			let eta = 0;
			for (let j = 0; j < k; j++) eta = eta + rows[o + j] * beta[j];
			const p = 1 / (1 + Math.exp(-eta));
			const w = p * (1 - p);
			const residual = y[i] - p;
			for (let a = 0; a < k; a++) {
				const ra = rows[o + a];
				score[a] += ra * residual;
				const row = information[a];
				const wa = w * ra;
				for (let b = 0; b <= a; b++) row[b] += wa * rows[o + b];
			}
		}
		for (let a = 0; a < k; a++) for (let b = a + 1; b < k; b++) information[a][b] = information[b][a];
		const inverse = invertSymmetric(information);
		if (!inverse) return null;
		const step = inverse.map((row) => row.reduce((s, v, j) => s + v * score[j], 0));
		beta = beta.map((b, j) => b + step[j]);
		if (beta.some((b) => !Number.isFinite(b) || Math.abs(b) > 30)) return null;
		if (Math.max(...step.map(Math.abs)) < 1e-10) {
			// Standard errors at the optimum.
			const final = informationAt(rows, n, beta);
			const finalInverse = final && invertSymmetric(final);
			if (!finalInverse) return null;
			return {
				coefficients: beta,
				standardErrors: finalInverse.map((row, j) => Math.sqrt(row[j])),
				iterations: iteration
			};
		}
	}
	return null;
}

function informationAt(rows: Float64Array, n: number, beta: number[]): number[][] {
	const k = beta.length;
	const information = Array.from({ length: k }, () => new Array<number>(k).fill(0));
	for (let i = 0; i < n; i++) {
		const o = i * k;
		let eta = 0;
		for (let j = 0; j < k; j++) eta = eta + rows[o + j] * beta[j];
		const p = 1 / (1 + Math.exp(-eta));
		const w = p * (1 - p);
		for (let a = 0; a < k; a++) {
			const row = information[a];
			const wa = w * rows[o + a];
			for (let b = 0; b < k; b++) row[b] += wa * rows[o + b];
		}
	}
	return information;
}

/** Events per factor below which the model is refused (Peduzzi et al. 1996: ten of the rarer outcome per factor). */
export const EVENTS_PER_FACTOR = 10;

export type ModelRefusal =
	{ reason: 'too_few'; positives: number; negatives: number; needed: number } | { reason: 'no_fit' };

export interface OddsRatio {
	oddsRatio: number;
	low: number;
	high: number;
	coefficient: number;
	standardError: number;
}

/**
 * The model as the page shows it: each factor's odds ratio with its Wald 95 % interval, or why it is
 * refused — fewer than ten positive or ten negative outcomes per factor, or no stable fit.
 */
export function oddsRatios(
	x: readonly (readonly number[])[],
	y: readonly number[]
): { ok: true; factors: OddsRatio[]; intercept: number } | { ok: false; refusal: ModelRefusal } {
	const factorCount = x[0]?.length ?? 0;
	const positives = y.filter((v) => v === 1).length;
	const negatives = y.length - positives;
	const needed = EVENTS_PER_FACTOR * Math.max(1, factorCount);
	if (positives < needed || negatives < needed) {
		return { ok: false, refusal: { reason: 'too_few', positives, negatives, needed } };
	}
	const fit = logisticRegression(x, y);
	if (!fit) return { ok: false, refusal: { reason: 'no_fit' } };
	return {
		ok: true,
		intercept: fit.coefficients[0],
		factors: fit.coefficients.slice(1).map((b, j) => {
			const se = fit.standardErrors[j + 1];
			return {
				coefficient: b,
				standardError: se,
				oddsRatio: Math.exp(b),
				low: Math.exp(b - Z95 * se),
				high: Math.exp(b + Z95 * se)
			};
		})
	};
}

/**
 * A ratio of sums (Σy / Σx, e.g. minutes present over minutes scheduled, summed over people) with the
 * linearised (delta-method) standard error of a ratio estimator, people as the sampling units, and a
 * t interval on n − 1 degrees of freedom. null when nothing is scheduled; no interval under two people.
 */
export function ratioInterval(
	pairs: readonly { y: number; x: number }[]
): { ratio: number; interval: Interval | null } | null {
	const n = pairs.length;
	const sumX = pairs.reduce((s, p) => s + p.x, 0);
	if (n === 0 || sumX === 0) return null;
	const ratio = pairs.reduce((s, p) => s + p.y, 0) / sumX;
	if (n < 2) return { ratio, interval: null };
	const meanX = sumX / n;
	const residual = pairs.reduce((s, p) => s + (p.y - ratio * p.x) ** 2, 0) / (n - 1);
	const se = Math.sqrt(residual / n) / meanX;
	const half = studentTQuantile(0.975, n - 1) * se;
	return { ratio, interval: { low: ratio - half, high: ratio + half } };
}
