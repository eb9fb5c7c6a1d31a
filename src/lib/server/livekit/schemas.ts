import * as v from 'valibot';
import { MANUAL_MODES } from '#lib/room/contract.ts';
import { REPORT_MAX_AGE_MS, REPORT_MAX_MESSAGES, REPORT_MAX_SPANS } from '#lib/room/participation.ts';
import { choice, id } from '#lib/server/http/validation.ts';

const identity = v.pipe(v.string(), v.regex(/^[a-z2-7]{16}$/));

/** Milliseconds before the report: a page reports every 20 s, and keeps what it could not send for a while. */
const ago = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(REPORT_MAX_AGE_MS));
const agoSpans = v.pipe(
	v.array(
		v.pipe(
			v.tuple([ago, ago]),
			v.check(([startedAgo, endedAgo]) => startedAgo >= endedAgo)
		)
	),
	v.maxLength(REPORT_MAX_SPANS)
);
export const roomReportSchema = v.object({
	mode: v.picklist(['video', 'low_data', 'audio']),
	quality: v.picklist(['excellent', 'good', 'poor', 'lost', 'unknown']),
	chatSent: v.optional(v.boolean()),
	participation: v.optional(
		v.object({
			speaking: agoSpans,
			camera: agoSpans,
			messages: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(REPORT_MAX_MESSAGES))
		})
	)
});
export const handSchema = v.object({ raised: v.boolean(), again: v.optional(v.boolean()) });
export const pinSchema = v.object({ identity: v.union([v.literal(''), identity]) });
export const moderationSchema = v.object({ action: v.picklist(['mute', 'remove']), identity });
export const breakoutSchema = v.object({
	groups: v.pipe(
		v.number(),
		v.integer(),
		v.check((n) => n === 0 || (n >= 2 && n <= 6))
	)
});

export const markSchema = v.object({ userId: id, mode: choice(MANUAL_MODES) });
/** A device the check saw working: '1' (or a checkbox's 'on'), else absent. */
const observed = v.pipe(
	v.optional(v.string('form_invalid_type'), ''),
	v.picklist(['', '1', 'on'], 'form_invalid_choice'),
	v.transform((s) => s !== '')
);
export const deviceCheckSchema = v.object({
	result: choice(['ok', 'help']),
	camera: observed,
	microphone: observed,
	speaker: observed
});
