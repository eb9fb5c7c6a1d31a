import * as v from 'valibot';
import { MAX_TEXT } from '#lib/assignments/rules.ts';
import {
	checkbox,
	choice,
	clockTime,
	id,
	integer,
	isoDate,
	requiredText,
	text,
	webLink,
	type FieldErrors,
	type Parsed
} from '#lib/server/http/validation.ts';
import type { MessageKey } from '#lib/server/http/errors.ts';

export const ASSIGNMENT_MODES = ['individual', 'peers'] as const;

const link = webLink(500);

/** The facilitator's editor of an async activity's instructions. */
export const assignmentSchema = v.object({
	activityId: id,
	instructions: requiredText(MAX_TEXT),
	link,
	dueDate: isoDate,
	dueTime: clockTime,
	mode: choice(ASSIGNMENT_MODES),
	groupSize: integer(2, 6),
	removeAttachment: checkbox
});
export type AssignmentInput = Omit<v.InferOutput<typeof assignmentSchema>, 'activityId'>;

/** What a participant sends besides files. */
export const submissionSchema = v.object({
	text: text(MAX_TEXT),
	// A random reference the phone gives one draft, so that sending it twice stores it once.
	clientRef: v.optional(v.pipe(v.string('form_invalid_type'), v.regex(/^([a-z0-9-]{8,64})?$/, 'error_bad_request')), '')
});

/** Reads a submission's fields; a text or at least one file is needed (said next to the text). */
export function parseSubmission(
	fields: Record<string, string>,
	fileCount: number
): Parsed<v.InferOutput<typeof submissionSchema>> {
	const values = { text: fields.text ?? '', clientRef: fields.clientRef ?? '' };
	const result = v.safeParse(submissionSchema, values);
	if (!result.success) {
		const errors: FieldErrors = {};
		for (const issue of result.issues) errors[String(issue.path?.[0]?.key ?? '_form')] ??= issue.message as MessageKey;
		return { ok: false, values, errors };
	}
	if (result.output.text === '' && fileCount === 0) return { ok: false, values, errors: { text: 'assignment_empty' } };
	return { ok: true, data: result.output, values };
}

export const feedbackSchema = v.object({
	submissionId: id,
	feedback: requiredText(2000),
	newVersion: checkbox
});
export type FeedbackInput = v.InferOutput<typeof feedbackSchema>;

/** A facilitator lets a person off an assignment (why: optional, for the team). */
export const waiverSchema = v.object({ reason: text(500) });
export type WaiverInput = v.InferOutput<typeof waiverSchema>;
