import * as v from 'valibot';
import { choice, id } from '#lib/server/http/validation.ts';
import { MARK_STATUSES, PRESENT_MODES } from './attendance.ts';

/** Minutes present: empty means the whole activity. */
const optionalMinutes = v.pipe(
	v.optional(v.string('form_invalid_type'), ''),
	v.trim(),
	v.check((s) => s === '' || /^\d{1,4}$/.test(s), 'form_invalid_number'),
	v.transform((s) => (s === '' ? null : Number(s))),
	v.check((n) => n === null || n <= 1440, 'form_number_range|0–1440')
);

/** One line of the attendance sheet, as a facilitator marks it. */
export const sheetMarkSchema = v.object({
	userId: id,
	status: choice(MARK_STATUSES),
	mode: choice(PRESENT_MODES),
	minutes: optionalMinutes
});
