import { describe, expect, it } from 'vitest';
import { zonedInstant } from '#lib/server/cohorts/local-time.ts';
import { groupByWeek } from './timeline.ts';

const at = (date: string, time: string) => zonedInstant(date, time, 'Europe/Paris');
const activity = (id: string, startsAt: number) => ({
	id,
	kind: 'live' as const,
	title: id,
	starts_at: startsAt,
	duration_minutes: 60,
	objectives: '',
	optional: 0
});

describe('groupByWeek', () => {
	it('numbers weeks from the cohort start and groups by local day', () => {
		const weeks = groupByWeek(
			[
				activity('w2', at('2026-11-24', '10:00')),
				activity('w1b', at('2026-11-18', '23:30')),
				activity('w1a', at('2026-11-18', '09:00'))
			],
			'2026-11-16',
			'Europe/Paris'
		);
		expect(weeks.map((w) => [w.start, w.number])).toEqual([
			['2026-11-16', 1],
			['2026-11-23', 2]
		]);
		// 23:30 in Paris is 22:30 UTC: still the 18th on the club's calendar.
		expect(weeks[0].days).toHaveLength(1);
		expect(weeks[0].days[0].activities.map((a) => [a.id, a.time])).toEqual([
			['w1a', '09:00'],
			['w1b', '23:30']
		]);
	});

	it('skips empty weeks but keeps their numbering', () => {
		const weeks = groupByWeek([activity('a', at('2026-12-10', '10:00'))], '2026-11-16', 'Europe/Paris');
		expect(weeks[0].number).toBe(4);
	});
});
