import { AUTONOMY_DIMENSIONS, AUTONOMY_STAGES, type AutonomyDimension } from './ladder.ts';

type Stage = (typeof AUTONOMY_STAGES)[number];

/** What one assessment says on one dimension. */
export interface StageLevels {
	stage: Stage;
	levels: Partial<Record<AutonomyDimension, { facilitator: number | null; self: number | null }>>;
}

/** One dimension's journey: a point per stage (in stage order), and the distance travelled. */
export interface DimensionJourney {
	dimension: AutonomyDimension;
	points: { stage: Stage; facilitator: number | null; self: number | null }[];
	/** The facilitator's levels, in order, leaving out the stages not assessed. */
	facilitatorLevels: number[];
	selfLevels: number[];
	/** Last facilitator level minus the first one; null with fewer than two levels. */
	change: number | null;
	selfChange: number | null;
}

const delta = (levels: number[]) => (levels.length >= 2 ? levels[levels.length - 1] - levels[0] : null);

/**
 * The distance travelled per dimension, from the assessments of one person in one cohort (any order,
 * any subset of stages). Pure: the chart, its text alternative and /me all read from it.
 */
export function distanceTravelled(assessments: StageLevels[]): DimensionJourney[] {
	const byStage = new Map(assessments.map((a) => [a.stage, a]));
	const stages = AUTONOMY_STAGES.filter((s) => byStage.has(s));
	return AUTONOMY_DIMENSIONS.map((dimension) => {
		const points = stages.map((stage) => {
			const level = byStage.get(stage)!.levels[dimension];
			return { stage, facilitator: level?.facilitator ?? null, self: level?.self ?? null };
		});
		const facilitatorLevels = points.flatMap((p) => (p.facilitator === null ? [] : [p.facilitator]));
		const selfLevels = points.flatMap((p) => (p.self === null ? [] : [p.self]));
		return {
			dimension,
			points,
			facilitatorLevels,
			selfLevels,
			change: delta(facilitatorLevels),
			selfChange: delta(selfLevels)
		};
	});
}
