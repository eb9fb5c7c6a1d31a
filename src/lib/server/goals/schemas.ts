import * as v from 'valibot';
import { choice, id, requiredText } from '#lib/server/http/validation.ts';

export const GOAL_KINDS = ['step', 'end'] as const;
export const GOAL_CATEGORIES = ['cv', 'interview', 'job', 'training', 'diploma', 'digital', 'other'] as const;
export const GOAL_STATUSES = ['planned', 'in_progress', 'achieved', 'dropped'] as const;

/** An optional 'YYYY-MM-DD' (an empty field means "no target date"). */
const optionalDate = v.pipe(
	v.optional(v.string('form_invalid_type'), ''),
	v.trim(),
	v.check(
		(d) =>
			d === '' ||
			(/^\d{4}-\d{2}-\d{2}$/.test(d) &&
				!Number.isNaN(Date.parse(`${d}T00:00:00Z`)) &&
				new Date(`${d}T00:00:00Z`).toISOString().startsWith(d)),
		'form_invalid_date'
	),
	v.transform((d) => (d === '' ? null : d))
);

/** A goal as a facilitator writes it. */
export const goalSchema = v.object({
	kind: choice(GOAL_KINDS),
	category: choice(GOAL_CATEGORIES),
	title: requiredText(200),
	targetDate: optionalDate,
	status: choice(GOAL_STATUSES)
});
export type GoalInput = v.InferOutput<typeof goalSchema>;

export const goalUpdateSchema = v.object({ ...goalSchema.entries, goalId: id });

/** A small step the person adds for themselves. */
export const ownStepSchema = v.object({
	category: choice(GOAL_CATEGORIES),
	title: requiredText(200),
	targetDate: optionalDate
});
export type OwnStepInput = v.InferOutput<typeof ownStepSchema>;

export const goalIdSchema = v.object({ goalId: id });
