import { describe, expect, it } from 'vitest';
import { coveredMilliseconds, presenceStatus, roundedMinutes } from './minutes.ts';

const MIN = 60_000;

describe('coveredMilliseconds', () => {
	it('adds separate presences', () => {
		expect(
			coveredMilliseconds([
				{ start: 0, end: 10 * MIN },
				{ start: 20 * MIN, end: 35 * MIN }
			])
		).toBe(25 * MIN);
	});
	it('counts overlapping presences once', () => {
		expect(
			coveredMilliseconds([
				{ start: 0, end: 30 * MIN },
				{ start: 10 * MIN, end: 40 * MIN },
				{ start: 15 * MIN, end: 20 * MIN }
			])
		).toBe(40 * MIN);
	});
	it('joins touching presences and ignores empty or inverted ones, whatever their order', () => {
		expect(
			coveredMilliseconds([
				{ start: 10 * MIN, end: 20 * MIN },
				{ start: 5, end: 5 },
				{ start: 0, end: 10 * MIN },
				{ start: 9, end: 3 }
			])
		).toBe(20 * MIN);
	});
	it('is zero for nobody', () => {
		expect(coveredMilliseconds([])).toBe(0);
	});
});

describe('presenceStatus', () => {
	const start = 1_000_000;
	it('is present from 85 % of the session', () => {
		expect(presenceStatus(51 * 60, 60, start, start)).toBe('present');
		expect(presenceStatus(50 * 60, 60, start, start)).toBe('partial');
	});
	it('is late when the first arrival is more than 10 minutes after the start', () => {
		expect(presenceStatus(55 * 60, 60, start + 11 * MIN, start)).toBe('late');
	});
	it('is absent without any presence', () => {
		expect(presenceStatus(0, 60, null, start)).toBe('absent');
	});
	it('rounds to the nearest minute', () => {
		expect(roundedMinutes(89)).toBe(1);
		expect(roundedMinutes(91)).toBe(2);
	});
});
