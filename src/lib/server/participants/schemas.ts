import * as v from 'valibot';
import { choice, clockTime, firstName, isoDate, text } from '#lib/server/http/validation.ts';

export const CONTACT_CHANNELS = ['phone', 'sms', 'email', 'in_person'] as const;

export const contactSchema = v.object({
	channel: choice(CONTACT_CHANNELS),
	date: isoDate,
	time: clockTime,
	note: text(1000)
});

export type ContactInput = v.InferOutput<typeof contactSchema>;

/** A person enrolled by a facilitator without an invite: a first name (how they log in) and, if known, a last name. */
export const enrolSchema = v.object({
	firstName,
	lastName: v.optional(v.pipe(text(60), v.regex(/^([\p{L}][\p{L}\p{M} .'’-]*)?$/u, 'form_name_chars')), '')
});

export type EnrolInput = v.InferOutput<typeof enrolSchema>;
