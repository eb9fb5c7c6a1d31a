import * as v from 'valibot';
import { choice, text } from '#lib/server/http/validation.ts';
import { SKILL_IDS } from '#lib/skills/contract.ts';

/** A skill of the catalogue by its id; an unknown one is the domain's "not found". */
const skillId = v.pipe(
	v.string('form_invalid_type'),
	v.trim(),
	v.nonEmpty('form_required'),
	v.regex(/^[a-z_]{1,40}$/, 'form_invalid_choice')
);

/** "I can do it, alone / with help" (the person about themself). */
export const declareSchema = v.object({ skillId, level: choice(['with_help', 'autonomous']) });

/** A facilitator's adjustment of one skill, with a short note. */
export const overrideSchema = v.object({
	skillId: choice(SKILL_IDS),
	level: choice(['not_yet', 'with_help', 'autonomous']),
	note: text(200)
});

/** An answer to one step of the "first morning" path. */
export const onboardingAnswerSchema = declareSchema;
