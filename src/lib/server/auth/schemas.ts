import * as v from 'valibot';
import { email, firstName, pin, requiredText } from '#lib/server/http/validation.ts';

export const staffLoginSchema = v.object({ email, password: requiredText(200) });

export const participantLoginSchema = v.object({
	firstName,
	cohortCode: v.pipe(
		v.string('form_invalid_type'),
		v.trim(),
		v.toUpperCase(),
		v.nonEmpty('form_required'),
		v.regex(/^[A-Z0-9]{6}$/, 'form_code_format')
	),
	pin
});

/** "The two PINs differ" is said only once the PIN itself is right: one problem at a time. */
const pinsDiffer = (input: { pin: string; pinConfirm: string }) =>
	v.is(pin, input.pin) && input.pin !== input.pinConfirm.trim();

export const joinSchema = v.pipe(
	v.object({ firstName, pin, pinConfirm: v.string('form_invalid_type') }),
	v.forward(
		v.check((input) => !pinsDiffer(input), 'form_pin_mismatch'),
		['pinConfirm']
	)
);

const newPassword = v.pipe(requiredText(200), v.minLength(12, 'form_password_short'));

export const changePasswordSchema = v.object({ currentPassword: requiredText(200), password: newPassword });
export const changePinSchema = v.pipe(
	v.object({ currentPin: requiredText(200), pin, pinConfirm: v.string('form_invalid_type') }),
	v.forward(
		v.check((input) => !pinsDiffer(input), 'form_pin_mismatch'),
		['pinConfirm']
	)
);

export const staffSchema = v.object({
	firstName,
	lastName: v.pipe(requiredText(60), v.regex(/^[\p{L}][\p{L}\p{M} .'’-]*$/u, 'form_name_chars')),
	email,
	role: v.picklist(['facilitator', 'director', 'admin'], 'form_invalid_choice'),
	password: newPassword
});

/** After a PIN reset: the person chooses their own PIN (the one-time code was typed at login). */
export const choosePinSchema = v.pipe(
	v.object({ pin, pinConfirm: v.string('form_invalid_type') }),
	v.forward(
		v.check((input) => !pinsDiffer(input), 'form_pin_mismatch'),
		['pinConfirm']
	)
);
