import * as v from 'valibot';
import { choice, id, requiredText } from '#lib/server/http/validation.ts';

export const CHARTER_MAX_LENGTH = 4000;

export const charterSchema = v.object({ body: requiredText(CHARTER_MAX_LENGTH) });
export const acceptCharterSchema = v.object({
	version: v.pipe(v.string('form_invalid_type'), v.regex(/^\d{1,6}$/, 'form_invalid_number'), v.transform(Number))
});
export const ambassadorSchema = v.object({ userId: id, ambassador: choice(['yes', 'no'] as const) });

export type CharterInput = v.InferOutput<typeof charterSchema>;
