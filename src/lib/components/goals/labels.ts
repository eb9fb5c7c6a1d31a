import { m } from '#lib/paraglide/messages.js';

export const GOAL_KIND_LABELS = { step: m.goal_kind_step, end: m.goal_kind_end } as const;
export const GOAL_CATEGORY_LABELS = {
	cv: m.goal_cat_cv,
	interview: m.goal_cat_interview,
	job: m.goal_cat_job,
	training: m.goal_cat_training,
	diploma: m.goal_cat_diploma,
	digital: m.goal_cat_digital,
	other: m.goal_cat_other
} as const;
export const GOAL_STATUS = {
	planned: { icon: '🗓️', label: m.goal_status_planned },
	in_progress: { icon: '⏳', label: m.goal_status_in_progress },
	achieved: { icon: '🏆', label: m.goal_status_achieved },
	dropped: { icon: '⏹️', label: m.goal_status_dropped }
} as const;

export const options = (labels: Record<string, () => string>) =>
	Object.entries(labels).map(([value, label]) => ({ value, label: label() }));
export const statusOptions = () => Object.entries(GOAL_STATUS).map(([value, s]) => ({ value, label: s.label() }));
