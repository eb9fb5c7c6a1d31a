import { describe, expect, it } from 'vitest';
import { decideLevel, type EvidenceFact } from './rules.ts';

const e = (id: string, level: EvidenceFact['level'], source: EvidenceFact['source'], at: number): EvidenceFact => ({
	id,
	level,
	source,
	at
});

describe('the level rules of a digital skill', () => {
	it('is "not yet" without evidence', () => {
		expect(decideLevel([])).toEqual({ level: 'not_yet', decidedBy: null, overridden: false });
	});

	it('takes the best of observed and declared', () => {
		const r = decideLevel([e('a', 'with_help', 'observed', 1), e('b', 'autonomous', 'self', 2)]);
		expect(r).toMatchObject({ level: 'autonomous', overridden: false, decidedBy: { id: 'b' } });
	});

	it('counts an observation over a declaration at equal level', () => {
		expect(decideLevel([e('s', 'autonomous', 'self', 1), e('o', 'autonomous', 'observed', 5)]).decidedBy?.id).toBe('o');
		expect(decideLevel([e('o', 'autonomous', 'observed', 5), e('s', 'autonomous', 'self', 9)]).decidedBy?.id).toBe('o');
	});

	it('keeps the first proof among equal observations', () => {
		expect(
			decideLevel([e('late', 'autonomous', 'observed', 9), e('early', 'autonomous', 'observed', 3)]).decidedBy?.id
		).toBe('early');
	});

	it('lets the latest facilitator word decide, even against a newer, higher observation', () => {
		const r = decideLevel([
			e('f1', 'autonomous', 'facilitator', 1),
			e('f2', 'with_help', 'facilitator', 2),
			e('o', 'autonomous', 'observed', 3),
			e('s', 'autonomous', 'self', 4)
		]);
		expect(r).toMatchObject({ level: 'with_help', overridden: true, decidedBy: { id: 'f2' } });
	});

	it('lets a facilitator lower a level to "not yet"', () => {
		expect(decideLevel([e('o', 'autonomous', 'observed', 1), e('f', 'not_yet', 'facilitator', 2)])).toMatchObject({
			level: 'not_yet',
			overridden: true
		});
	});
});
