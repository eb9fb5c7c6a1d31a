import { describe, expect, it } from 'vitest';
import { cohortEndDate, planActivities, plannedAssignment, type BlockTemplate } from './generate.ts';

const block = (over: Partial<BlockTemplate>): BlockTemplate => ({
	id: 'b',
	kind: 'live',
	title: 'Accueil',
	day_offset: 0,
	start_time: '09:30',
	duration_minutes: 90,
	objectives: '',
	optional: 0,
	skills: [],
	...over
});

describe('planActivities', () => {
	it('dates blocks from the start day in the club time zone and sorts them', () => {
		const planned = planActivities(
			[block({ id: 'late', day_offset: 8, start_time: '14:00', optional: 1 }), block({ id: 'first', day_offset: 0 })],
			'2026-03-23',
			'Europe/Paris'
		);
		expect(planned.map((p) => p.blockId)).toEqual(['first', 'late']);
		expect(new Date(planned[0].startsAt).toISOString()).toBe('2026-03-23T08:30:00.000Z');
		// 31 March is after the spring change: Paris is UTC+2.
		expect(new Date(planned[1].startsAt).toISOString()).toBe('2026-03-31T12:00:00.000Z');
		expect(planned[1].optional).toBe(true);
	});

	it('ends a cohort on its last block day', () => {
		expect(cohortEndDate([block({ day_offset: 25 }), block({ day_offset: 3 })], '2026-03-02')).toBe('2026-03-27');
		expect(cohortEndDate([], '2026-03-02')).toBe('2026-03-08');
	});

	it('gives an async block with work an assignment due its offset of days later, at its end time, local time', () => {
		const work = block({
			kind: 'async',
			day_offset: 5,
			start_time: '14:00',
			duration_minutes: 90,
			objectives: 'Lire.',
			instructions: '',
			link: 'https://example.org',
			due_offset_days: 2
		});
		// Start Monday 23 March 2026: the block is on Saturday 28, due Monday 30 at 15:30, after the spring change (UTC+2).
		const planned = plannedAssignment(work, '2026-03-23', 'Europe/Paris');
		expect(planned).toEqual({
			instructions: 'Lire.',
			link: 'https://example.org',
			dueAt: Date.parse('2026-03-30T13:30:00Z')
		});
		expect(planActivities([work], '2026-03-23', 'Europe/Paris')[0].assignment).toEqual(planned);
		// No work said, or not async: no assignment (the activity's objectives and end stand in).
		expect(plannedAssignment({ ...work, link: null, due_offset_days: 0 }, '2026-03-23', 'Europe/Paris')).toBeNull();
		expect(plannedAssignment({ ...work, kind: 'live' }, '2026-03-23', 'Europe/Paris')).toBeNull();
	});
});
