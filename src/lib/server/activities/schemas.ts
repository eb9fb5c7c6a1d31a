import * as v from 'valibot';
import { BLOCK_KINDS } from '#lib/server/programmes/schemas.ts';
import { checkbox, choice, clockTime, integer, isoDate, requiredText, text } from '#lib/server/http/validation.ts';

export const activitySchema = v.object({
	kind: choice(BLOCK_KINDS),
	title: requiredText(120),
	date: isoDate,
	time: clockTime,
	durationMinutes: integer(5, 600),
	objectives: text(1000),
	optional: checkbox,
	/** Where an in-person activity happens ('' = not said). */
	place: v.optional(text(200), ''),
	/** What to do when the video is unavailable: a number to call, another link, "en salle" ('' = nothing set). */
	fallback: v.optional(text(300), '')
});

type Parsed = v.InferOutput<typeof activitySchema>;
/** An activity as written; place and fallback may be left out (programme blocks and older callers have none). */
export type ActivityInput = Omit<Parsed, 'place' | 'fallback'> & Partial<Pick<Parsed, 'place' | 'fallback'>>;
