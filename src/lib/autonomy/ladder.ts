/**
 * The autonomy ladder, shared by the server and the pages. The dimensions and the five steps are
 * reference data in code rather than a table: they are fixed by the product, their wording lives in
 * the message catalogue (autonomy_<dimension>_<level>), and tests and charts rely on their order.
 * The ladder is our own (not the Outcomes Star's).
 */
export const AUTONOMY_DIMENSIONS = ['job_search', 'paperwork', 'digital', 'mobility', 'time', 'group'] as const;
export type AutonomyDimension = (typeof AUTONOMY_DIMENSIONS)[number];

export const AUTONOMY_STAGES = ['intake', 'mid', 'end'] as const;
export type AutonomyStage = (typeof AUTONOMY_STAGES)[number];

/** 1 = "someone does it with me" … 5 = "I do it alone and help others". */
export const AUTONOMY_LEVELS = [1, 2, 3, 4, 5] as const;
export const LOWEST_LEVEL = 1;
export const HIGHEST_LEVEL = 5;

export const isDimension = (value: string): value is AutonomyDimension =>
	(AUTONOMY_DIMENSIONS as readonly string[]).includes(value);
