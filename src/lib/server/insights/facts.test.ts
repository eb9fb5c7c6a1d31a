import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decideLevel, LEVEL_RANK, type EvidenceFact } from '#lib/server/skills/rules.ts';
import { levelBefore } from './facts.ts';

const evidence = fc.record({
	id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
	level: fc.constantFrom('not_yet' as const, 'with_help' as const, 'autonomous' as const),
	source: fc.constantFrom('self' as const, 'observed' as const, 'facilitator' as const),
	at: fc.integer({ min: 0, max: 6 })
});

describe('levelBefore: the insights’ one-pass level', () => {
	it('equals decideLevel on the evidence before the instant (observed only, or all)', () => {
		fc.assert(
			fc.property(
				fc.uniqueArray(evidence, { selector: (e) => e.id, maxLength: 6 }),
				fc.integer({ min: 0, max: 7 }),
				fc.boolean(),
				(list: EvidenceFact[], before, observedOnly) => {
					const kept = list.filter((e) => e.at < before && (!observedOnly || e.source !== 'self'));
					expect(levelBefore(list, before, observedOnly)).toBe(LEVEL_RANK[decideLevel(kept).level]);
				}
			),
			{ numRuns: 2000 }
		);
	});
});
