import * as v from 'valibot';
import { checkbox, choice, clockTime, integer, requiredText, text } from '#lib/server/http/validation.ts';

export const BLOCK_KINDS = ['live', 'in_person', 'async', 'informal'] as const;

export const programmeSchema = v.object({
	title: requiredText(120),
	description: text(2000)
});

export const blockSchema = v.object({
	kind: choice(BLOCK_KINDS),
	title: requiredText(120),
	dayOffset: integer(0, 365),
	startTime: clockTime,
	durationMinutes: integer(5, 600),
	objectives: text(1000),
	optional: checkbox,
	skills: v.array(v.pipe(v.string(), v.regex(/^[a-z_]{2,40}$/, 'form_invalid_choice')), 'form_invalid_choice')
});

export type ProgrammeInput = v.InferOutput<typeof programmeSchema>;
export type BlockInput = v.InferOutput<typeof blockSchema>;
