import * as v from 'valibot';
import { choice, clockTime, id, integer, isoDate, text } from '#lib/server/http/validation.ts';

export const MOMENT_KINDS = ['ice_breaker', 'coffee_break', 'peer_help', 'lunch', 'conversation'] as const;

/** Who took part: one or more checked members of the cohort (parse with arrays ['people']). */
const people = v.pipe(
	v.array(id, 'form_invalid_choice'),
	v.minLength(1, 'moment_people_required'),
	v.maxLength(200, 'form_invalid_choice')
);

export const momentSchema = v.object({
	kind: choice(MOMENT_KINDS),
	date: isoDate,
	time: clockTime,
	durationMinutes: integer(1, 600),
	people,
	note: text(500)
});

export type MomentInput = v.InferOutput<typeof momentSchema>;
