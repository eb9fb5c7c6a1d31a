import { describe, expect, it } from 'vitest';
import { addDays, weekStart, zonedInstant, zonedParts } from './local-time.ts';

describe('local time in the club time zone', () => {
	it('converts Paris wall-clock time in winter (UTC+1) and summer (UTC+2)', () => {
		expect(new Date(zonedInstant('2026-01-15', '09:30', 'Europe/Paris')).toISOString()).toBe(
			'2026-01-15T08:30:00.000Z'
		);
		expect(new Date(zonedInstant('2026-07-15', '09:30', 'Europe/Paris')).toISOString()).toBe(
			'2026-07-15T07:30:00.000Z'
		);
	});

	it('round-trips across the October daylight-saving change', () => {
		const instant = zonedInstant('2026-10-26', '14:00', 'Europe/Paris');
		expect(zonedParts(instant, 'Europe/Paris')).toEqual({ date: '2026-10-26', time: '14:00' });
		expect(new Date(instant).toISOString()).toBe('2026-10-26T13:00:00.000Z');
	});

	it('adds days across month ends and finds the Monday of a week', () => {
		expect(addDays('2026-02-27', 3)).toBe('2026-03-02');
		expect(weekStart('2026-11-22')).toBe('2026-11-16'); // a Sunday
		expect(weekStart('2026-11-16')).toBe('2026-11-16');
	});
});
