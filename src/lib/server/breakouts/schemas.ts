import * as v from 'valibot';
import { integer, text } from '#lib/server/http/validation.ts';
import { BROADCAST_MAX, TIMER_MAX_MINUTES, TIMER_MIN_MINUTES } from '#lib/breakouts/contract.ts';

const RANGE = `form_number_range|${TIMER_MIN_MINUTES}–${TIMER_MAX_MINUTES}`;

/** Minutes of the timer: '' (no timer) or a whole number from 1 to 30. */
const minutes = v.pipe(
	v.optional(v.string('form_invalid_type'), ''),
	v.trim(),
	v.check((s) => s === '' || /^-?\d{1,6}$/.test(s), 'form_invalid_number'),
	v.transform((s) => (s === '' ? null : Number(s))),
	v.check((n) => n === null || (n >= TIMER_MIN_MINUTES && n <= TIMER_MAX_MINUTES), RANGE)
);

/** The facilitator's message to every group (≤ 280 characters) and/or a timer of 1 to 30 minutes. */
export const broadcastSchema = v.pipe(
	v.object({ message: v.optional(text(BROADCAST_MAX), ''), minutes }),
	v.forward(
		v.check((b) => b.message !== '' || b.minutes !== null, 'breakout_error_empty'),
		['message']
	)
);

/** A group to visit (1–99), or 0 to come back to the main room. */
export const visitSchema = v.object({ group: integer(0, 99) });
/** A group whose help call the facilitator has seen. */
export const dismissSchema = v.object({ group: integer(1, 99) });
