import * as v from 'valibot';
import { choice, clockTime, isoDate, text } from '#lib/server/http/validation.ts';

export const CONTACT_CHANNELS = ['phone', 'sms', 'email', 'in_person'] as const;

export const contactSchema = v.object({
	channel: choice(CONTACT_CHANNELS),
	date: isoDate,
	time: clockTime,
	note: text(1000)
});

export type ContactInput = v.InferOutput<typeof contactSchema>;
