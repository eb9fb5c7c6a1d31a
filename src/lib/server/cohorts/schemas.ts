import * as v from 'valibot';
import { choice, id, integer, isoDate, requiredText } from '#lib/server/http/validation.ts';

export const MODALITIES = ['remote', 'hybrid', 'in_person'] as const;

export const cohortSchema = v.object({
	programmeId: v.pipe(v.string('form_invalid_type'), v.nonEmpty('form_required'), id),
	name: requiredText(80),
	startDate: isoDate,
	modality: choice(MODALITIES),
	/** A director's choice of facilitators (a form field of checkboxes: read with `arrays`). */
	facilitatorIds: v.optional(v.array(id))
});

export const modalitySchema = v.object({ modality: choice(MODALITIES) });

/** A director or admin sets who runs a cohort (checkboxes: read with `arrays`). */
export const facilitatorsSchema = v.object({ facilitatorIds: v.array(id) });

export const inviteSchema = v.object({
	maxUses: integer(1, 50),
	validDays: integer(1, 30)
});

export type CohortInput = v.InferOutput<typeof cohortSchema>;
