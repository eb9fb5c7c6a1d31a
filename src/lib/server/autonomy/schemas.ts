import * as v from 'valibot';
import {
	AUTONOMY_DIMENSIONS,
	AUTONOMY_STAGES,
	type AutonomyDimension,
	type AutonomyStage
} from '#lib/autonomy/ladder.ts';
import { choice, id, isoDate, requiredText, text } from '#lib/server/http/validation.ts';

/** A radio group of the ladder: nothing ticked (not assessed) or a level 1..5. */
const optionalLevel = v.pipe(
	v.optional(v.string('form_invalid_type'), ''),
	v.trim(),
	v.check((s) => s === '' || /^[1-5]$/.test(s), 'form_invalid_choice'),
	v.transform((s) => (s === '' ? null : Number(s)))
);

const levelFields = (prefix: string) =>
	Object.fromEntries(AUTONOMY_DIMENSIONS.map((d) => [`${prefix}${d}`, optionalLevel])) as Record<
		`${string}${AutonomyDimension}`,
		typeof optionalLevel
	>;

/** The facilitator's assessment of one stage: a level per dimension (`level_<dimension>`) and a note. */
export const assessmentSchema = v.object({
	stage: choice(AUTONOMY_STAGES),
	day: isoDate,
	note: text(1000),
	...levelFields('level_')
});

/** The person's own view on an assessment the facilitator recorded (`self_<dimension>`). */
export const selfViewSchema = v.object({
	assessmentId: id,
	...levelFields('self_')
});

/** A quick observation during a task, tied to one dimension. */
export const observationSchema = v.object({
	dimension: choice(AUTONOMY_DIMENSIONS),
	note: requiredText(280)
});

export type Levels = Partial<Record<AutonomyDimension, number | null>>;

export interface AssessmentInput {
	stage: AutonomyStage;
	day: string;
	note: string;
	levels: Levels;
}

export type ObservationInput = v.InferOutput<typeof observationSchema>;

/** Picks `<prefix><dimension>` fields of a parsed form into levels by dimension. */
export function levelsFrom(data: Record<string, unknown>, prefix: string): Levels {
	return Object.fromEntries(
		AUTONOMY_DIMENSIONS.map((d) => [d, (data[`${prefix}${d}`] as number | null | undefined) ?? null])
	);
}
