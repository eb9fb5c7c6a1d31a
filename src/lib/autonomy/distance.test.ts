import { describe, expect, it } from 'vitest';
import { distanceTravelled } from './distance.ts';

describe('distance travelled on the autonomy ladder', () => {
	it('orders the stages, joins the facilitator levels and measures first → last', () => {
		const journeys = distanceTravelled([
			{ stage: 'end', levels: { paperwork: { facilitator: 4, self: 5 } } },
			{ stage: 'intake', levels: { paperwork: { facilitator: 1, self: 2 }, digital: { facilitator: 3, self: null } } },
			{ stage: 'mid', levels: { paperwork: { facilitator: 3, self: null } } }
		]);
		const paperwork = journeys.find((j) => j.dimension === 'paperwork')!;
		expect(paperwork.points.map((p) => p.stage)).toEqual(['intake', 'mid', 'end']);
		expect(paperwork.facilitatorLevels).toEqual([1, 3, 4]);
		expect(paperwork.change).toBe(3);
		expect(paperwork.selfLevels).toEqual([2, 5]);
		expect(paperwork.selfChange).toBe(3);
		const digital = journeys.find((j) => j.dimension === 'digital')!;
		expect(digital.facilitatorLevels).toEqual([3]);
		expect(digital.change).toBeNull();
		expect(journeys).toHaveLength(6);
	});

	it('says nothing travelled with no assessment, and can go down as well as up', () => {
		expect(distanceTravelled([]).every((j) => j.points.length === 0 && j.change === null)).toBe(true);
		const [first] = distanceTravelled([
			{ stage: 'intake', levels: { job_search: { facilitator: 4, self: null } } },
			{ stage: 'end', levels: { job_search: { facilitator: 2, self: null } } }
		]);
		expect(first.change).toBe(-2);
	});
});
