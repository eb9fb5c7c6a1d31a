import { m } from '#lib/paraglide/messages.js';
import {
	AGE_BAND_LABELS,
	BENEFIT_LABELS,
	EDUCATION_LABELS,
	OBSTACLE_LABELS,
	OUT_OF_WORK_LABELS
} from '#lib/profile-labels.ts';

/** Labels of the director's measures, case mix and model factors (the keys come from the insights domain). */
const DIMENSIONS: Record<string, () => string> = {
	job_search: m.autonomy_dim_job_search,
	paperwork: m.autonomy_dim_paperwork,
	digital: m.autonomy_dim_digital,
	mobility: m.autonomy_dim_mobility,
	time: m.autonomy_dim_time,
	group: m.autonomy_dim_group
};
const CHECKPOINTS: Record<string, () => string> = {
	exit: m.insights_cp_exit,
	m3: m.insights_cp_m3,
	m6: m.insights_cp_m6
};
const OUTCOMES: Record<string, () => string> = {
	durable: m.insights_o_durable,
	employment: m.insights_o_employment,
	positive: m.insights_o_positive,
	no_news: m.insights_o_no_news,
	unknown: m.insights_o_unknown
};
const SIMPLE: Record<string, () => string> = {
	started: m.insights_m_started,
	attendance: m.insights_m_attendance,
	completion: m.insights_m_completion,
	handin_on_time: m.insights_m_handin_on_time,
	handin_late: m.insights_m_handin_late,
	handin_missing: m.insights_m_handin_missing,
	skills_autonomous: m.insights_m_skills_autonomous,
	skills_moved_observed: m.insights_m_skills_moved_observed,
	skills_moved_all: m.insights_m_skills_moved_all,
	goals_reached: m.insights_m_goals_reached,
	informal_minutes: m.insights_m_informal_minutes
};

export function measureLabel(key: string): string {
	if (SIMPLE[key]) return SIMPLE[key]();
	if (key.startsWith('autonomy_')) return m.insights_m_autonomy({ dimension: DIMENSIONS[key.slice(9)]?.() ?? key });
	const outcome = /^outcome_(exit|m3|m6)_(.+)$/.exec(key);
	if (outcome) return m.insights_m_outcome({ checkpoint: CHECKPOINTS[outcome[1]](), measure: OUTCOMES[outcome[2]]() });
	return key;
}

export function caseMixLabel(key: string): string {
	const label = (labels: Record<string, () => string>, code: string) => labels[code]?.() ?? code;
	for (const [prefix, labels, message] of [
		['case_age_', AGE_BAND_LABELS, m.insights_case_age],
		['case_education_', EDUCATION_LABELS, m.insights_case_education],
		['case_out_of_work_', OUT_OF_WORK_LABELS, m.insights_case_out_of_work],
		['case_benefit_', BENEFIT_LABELS, m.insights_case_benefit],
		['case_obstacle_', OBSTACLE_LABELS, m.insights_case_obstacle]
	] as const) {
		if (key.startsWith(prefix)) return message({ label: label(labels, key.slice(prefix.length)) });
	}
	if (key === 'case_digital_not_yet') return m.insights_case_digital_not_yet();
	return key;
}

export const FACTOR_LABELS: Record<string, () => string> = {
	attendance_per_10_points: m.insights_f_attendance_per_10_points,
	informal_hours: m.insights_f_informal_hours,
	device_check_week_one: m.insights_f_device_check_week_one,
	skills_gained: m.insights_f_skills_gained,
	autonomy_gained: m.insights_f_autonomy_gained,
	remote: m.insights_f_remote,
	hybrid: m.insights_f_hybrid,
	intake_obstacles: m.insights_f_intake_obstacles,
	long_out_of_work: m.insights_f_long_out_of_work
};

/** A figure as read on the page and in the CSV: shares and ratios in %, the rest as numbers. */
export interface ShownFigure {
	key: string;
	kind: 'share' | 'ratio' | 'mean' | 'median';
	numerator: number | null;
	denominator: number | null;
	value: number | null;
	low: number | null;
	high: number | null;
	hidden: boolean;
	/** No register was ever taken for it: "non renseigné" (figures.ts). */
	unrecorded?: boolean;
	/** Begun required sessions with no register, left out of attendance and completion. */
	sessionsWithoutRegister?: number;
}

/** What a hidden figure reads: "non renseigné" when no register was taken, otherwise "moins de 5". */
export function hiddenLabel(f: Pick<ShownFigure, 'unrecorded'>): string {
	return f.unrecorded ? m.insights_unrecorded() : m.insights_small();
}

const oneDecimal = (v: number) => (Math.round(v * 10) / 10).toString();
export function formatValue(f: Pick<ShownFigure, 'kind'>, v: number | null): string {
	if (v === null) return '—';
	if (f.kind === 'share' || f.kind === 'ratio') return `${Math.round(v * 100)} %`;
	return oneDecimal(v);
}
