import type { EvidenceSource, SkillLevel } from '#lib/skills/contract.ts';

export type { EvidenceSource };

/** One piece of evidence as the rules need it. */
export interface EvidenceFact {
	id: string;
	level: SkillLevel;
	source: EvidenceSource;
	at: number;
}

export const LEVEL_RANK: Record<SkillLevel, number> = { not_yet: 0, with_help: 1, autonomous: 2 };
// At equal level, what the app saw counts over what the person said.
const SOURCE_RANK: Record<EvidenceSource, number> = { self: 0, observed: 1, facilitator: 2 };

/**
 * The level a person has reached in one skill, and the evidence that decides it:
 * - a facilitator's word (the latest one) decides, even when observations arrive later — it is an
 *   override and is shown as such;
 * - otherwise the best level among what was observed and what the person declared, an observation
 *   winning over a declaration at equal level (then the earliest, the first proof).
 * No evidence: "not yet", decided by nothing.
 */
export function decideLevel<E extends EvidenceFact>(
	evidence: readonly E[]
): { level: SkillLevel; decidedBy: E | null; overridden: boolean } {
	let latestFacilitator: E | null = null;
	let best: E | null = null;
	for (const e of evidence) {
		if (e.source === 'facilitator') {
			if (
				!latestFacilitator ||
				e.at > latestFacilitator.at ||
				(e.at === latestFacilitator.at && e.id > latestFacilitator.id)
			)
				latestFacilitator = e;
			continue;
		}
		if (
			!best ||
			LEVEL_RANK[e.level] > LEVEL_RANK[best.level] ||
			(LEVEL_RANK[e.level] === LEVEL_RANK[best.level] &&
				(SOURCE_RANK[e.source] > SOURCE_RANK[best.source] ||
					(SOURCE_RANK[e.source] === SOURCE_RANK[best.source] && e.at < best.at)))
		) {
			best = e;
		}
	}
	if (latestFacilitator) return { level: latestFacilitator.level, decidedBy: latestFacilitator, overridden: true };
	if (best) return { level: best.level, decidedBy: best, overridden: false };
	return { level: 'not_yet', decidedBy: null, overridden: false };
}
