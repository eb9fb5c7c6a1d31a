import { describe, expect, it } from 'vitest';
import { formatDuration, formatTime, formatWhenNear } from './format.ts';

const PARIS = 'Europe/Paris';
// Monday 23 November 2026, 08:00 in Paris (07:00 UTC).
const NOW = Date.parse('2026-11-23T07:00:00Z');
const at = (iso: string) => Date.parse(iso);

describe('durations as people say them', () => {
	it('says minutes under an hour, hours alone, and hours with minutes', () => {
		expect(formatDuration(45, 'fr')).toBe('45 min');
		expect(formatDuration(180, 'fr')).toBe('3 h');
		expect(formatDuration(90, 'fr')).toBe('1 h 30');
		expect(formatDuration(65, 'fr')).toBe('1 h 05');
		expect(formatDuration(0, 'fr')).toBe('0 min');
		expect(formatDuration(180, 'en')).toBe('3 hr');
		expect(formatDuration(90, 'en')).toBe('1 hr 30 min');
		expect(formatDuration(30, 'en')).toBe('30 min');
	});
});

describe('times and days said from now', () => {
	it('writes the time of day the French way, in the club’s time zone', () => {
		expect(formatTime(at('2026-11-23T08:30:00Z'), PARIS, 'fr')).toBe('9 h 30');
		expect(formatTime(at('2026-11-23T13:00:00Z'), PARIS, 'fr')).toBe('14 h');
		expect(formatTime(at('2026-11-23T08:30:00Z'), PARIS, 'en')).toBe('9:30');
		expect(formatTime(at('2026-11-23T08:30:00Z'), 'UTC', 'fr')).toBe('8 h 30');
	});

	it('says today and tomorrow, otherwise the day', () => {
		expect(formatWhenNear(at('2026-11-23T08:30:00Z'), PARIS, NOW, 'fr')).toBe('aujourd’hui à 9 h 30');
		expect(formatWhenNear(at('2026-11-24T13:00:00Z'), PARIS, NOW, 'fr')).toBe('demain à 14 h');
		expect(formatWhenNear(at('2026-11-25T08:30:00Z'), PARIS, NOW, 'fr')).toBe('mercredi 25 novembre à 9 h 30');
		expect(formatWhenNear(at('2026-11-24T13:00:00Z'), PARIS, NOW, 'en')).toBe('tomorrow at 14:00');
		expect(formatWhenNear(at('2026-11-23T08:30:00Z'), PARIS, NOW, 'en')).toBe('today at 9:30');
	});

	it('uses the local day, not the UTC one (late evening in Paris is already tomorrow in UTC terms)', () => {
		// 23:30 in Paris on the 23rd = 22:30 UTC: still today.
		expect(formatWhenNear(at('2026-11-23T22:30:00Z'), PARIS, NOW, 'fr')).toBe('aujourd’hui à 23 h 30');
		// 00:30 in Paris on the 24th = 23:30 UTC on the 23rd: tomorrow.
		expect(formatWhenNear(at('2026-11-23T23:30:00Z'), PARIS, NOW, 'fr')).toBe('demain à 0 h 30');
		// Across the end of a month.
		const lastDay = Date.parse('2026-11-30T10:00:00Z');
		expect(formatWhenNear(at('2026-12-01T08:00:00Z'), PARIS, lastDay, 'fr')).toBe('demain à 9 h');
	});
});
