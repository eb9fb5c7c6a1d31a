import { m } from '#lib/paraglide/messages.js';
import type { AutonomyDimension } from '#lib/autonomy/ladder.ts';

/** The words of the autonomy ladder, from the message catalogue. */
export const DIMENSION_LABEL: Record<AutonomyDimension, () => string> = {
	job_search: m.autonomy_dim_job_search,
	paperwork: m.autonomy_dim_paperwork,
	digital: m.autonomy_dim_digital,
	mobility: m.autonomy_dim_mobility,
	time: m.autonomy_dim_time,
	group: m.autonomy_dim_group
};

export const DIMENSION_ICON: Record<AutonomyDimension, string> = {
	job_search: '🔎',
	paperwork: '📄',
	digital: '📱',
	mobility: '🚌',
	time: '🗓️',
	group: '👥'
};

export const STAGE_LABEL = {
	intake: m.autonomy_stage_intake,
	mid: m.autonomy_stage_mid,
	end: m.autonomy_stage_end
} as const;

export const LEVEL_NAME: Record<number, () => string> = {
	1: m.autonomy_level_1,
	2: m.autonomy_level_2,
	3: m.autonomy_level_3,
	4: m.autonomy_level_4,
	5: m.autonomy_level_5
};

const DESCRIPTIONS: Record<AutonomyDimension, (() => string)[]> = {
	job_search: [
		m.autonomy_job_search_1,
		m.autonomy_job_search_2,
		m.autonomy_job_search_3,
		m.autonomy_job_search_4,
		m.autonomy_job_search_5
	],
	paperwork: [
		m.autonomy_paperwork_1,
		m.autonomy_paperwork_2,
		m.autonomy_paperwork_3,
		m.autonomy_paperwork_4,
		m.autonomy_paperwork_5
	],
	digital: [
		m.autonomy_digital_1,
		m.autonomy_digital_2,
		m.autonomy_digital_3,
		m.autonomy_digital_4,
		m.autonomy_digital_5
	],
	mobility: [
		m.autonomy_mobility_1,
		m.autonomy_mobility_2,
		m.autonomy_mobility_3,
		m.autonomy_mobility_4,
		m.autonomy_mobility_5
	],
	time: [m.autonomy_time_1, m.autonomy_time_2, m.autonomy_time_3, m.autonomy_time_4, m.autonomy_time_5],
	group: [m.autonomy_group_1, m.autonomy_group_2, m.autonomy_group_3, m.autonomy_group_4, m.autonomy_group_5]
};

/** The plain "je" wording of one step of one dimension's ladder. */
export const levelDescription = (dimension: AutonomyDimension, level: number) => DESCRIPTIONS[dimension][level - 1]();

/** "+3 niveaux", "-1 niveau", "pas de changement". */
export function changeText(change: number): string {
	if (change === 0) return m.autonomy_change_none();
	if (change === 1) return m.autonomy_change_up_one();
	if (change === -1) return m.autonomy_change_down_one();
	return change > 0 ? m.autonomy_change_up({ n: String(change) }) : m.autonomy_change_down({ n: String(change) });
}
