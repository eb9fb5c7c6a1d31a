// The salon-de-thé grouping as a pure function: overlaps, gaps, late arrivals, open presences.
import { describe, expect, it } from 'vitest';
import { groupSalonPresences, SALON_GAP_MS } from './salon.ts';

const T = Date.parse('2026-11-20T13:00:00Z');
const min = 60_000;
const p = (user_id: string, from: number, to: number | null, seen = to ?? from) => ({
	user_id,
	joined_at: T + from * min,
	left_at: to === null ? null : T + to * min,
	last_seen_at: T + seen * min
});

describe('salon-de-thé moments', () => {
	it('groups overlapping presences into one moment, someone joining late counting their own minutes', () => {
		const [moment, ...rest] = groupSalonPresences([p('a', 0, 20), p('b', 5, 30), p('c', 25, 28)]);
		expect(rest).toEqual([]);
		expect(moment).toEqual({
			startsAt: T,
			endsAt: T + 30 * min,
			durationMinutes: 30,
			people: [
				{ userId: 'a', minutes: 20 },
				{ userId: 'b', minutes: 25 },
				{ userId: 'c', minutes: 3 }
			]
		});
	});

	it('splits on a gap, but keeps presences a short step apart together', () => {
		expect(SALON_GAP_MS).toBe(2 * min);
		const moments = groupSalonPresences([p('a', 0, 10), p('b', 11, 15), p('a', 60, 70)]);
		expect(moments.map((mo) => [mo.startsAt, mo.durationMinutes, mo.people.map((x) => x.userId)])).toEqual([
			[T, 15, ['a', 'b']],
			[T + 60 * min, 10, ['a']]
		]);
	});

	it('does not count a person twice (two tabs), counts every minute begun, and ends an open presence when last seen', () => {
		const [moment] = groupSalonPresences([
			p('a', 0, 10),
			p('a', 5, 12),
			p('b', 0, null, 7),
			{ user_id: 'c', joined_at: T, left_at: T + 5_000, last_seen_at: T + 5_000 }
		]);
		expect(moment.people).toEqual([
			{ userId: 'c', minutes: 1 },
			{ userId: 'b', minutes: 7 },
			{ userId: 'a', minutes: 12 }
		]);
		expect(groupSalonPresences([])).toEqual([]);
	});
});
