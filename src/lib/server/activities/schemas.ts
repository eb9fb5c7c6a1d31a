import * as v from 'valibot';
import { BLOCK_KINDS } from '#lib/server/programmes/schemas.ts';
import { checkbox, choice, clockTime, integer, isoDate, requiredText, text } from '#lib/server/validation.ts';

export const activitySchema = v.object({
	kind: choice(BLOCK_KINDS),
	title: requiredText(120),
	date: isoDate,
	time: clockTime,
	durationMinutes: integer(5, 600),
	objectives: text(1000),
	optional: checkbox
});

export type ActivityInput = v.InferOutput<typeof activitySchema>;
