import * as v from 'valibot';
import type { MessageKey } from './errors.ts';

/**
 * Shared pieces of our valibot schemas. Issue messages are Paraglide message keys, optionally with
 * one parameter after a '|' (e.g. 'form_too_long|120'); routes translate them into the user's language.
 */
const NO_MARKUP = /^[^<>]*$/;
/**
 * Control characters other than tabs and line breaks (NUL among them): never typed by a person. Refused
 * with their own message, not the one about '<' and '>' (issue 16).
 */
// eslint-disable-next-line no-control-regex -- control characters are what this refuses
export const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const noControl = () => v.check((s: string) => !CONTROL_CHARACTERS.test(s), 'harden_form_control_chars');

/** Free text: trimmed, bounded, never markup or control characters. */
export const text = (max: number) =>
	v.pipe(
		v.string('form_invalid_type'),
		v.trim(),
		v.maxLength(max, `form_too_long|${max}`),
		noControl(),
		v.regex(NO_MARKUP, 'form_no_markup')
	);

export const requiredText = (max: number) =>
	v.pipe(
		v.string('form_invalid_type'),
		v.trim(),
		v.nonEmpty('form_required'),
		v.maxLength(max, `form_too_long|${max}`),
		noControl(),
		v.regex(NO_MARKUP, 'form_no_markup')
	);

export const integer = (min: number, max: number) =>
	v.pipe(
		v.string('form_invalid_type'),
		v.trim(),
		v.nonEmpty('form_required'),
		v.regex(/^-?\d{1,6}$/, 'form_invalid_number'),
		v.transform(Number),
		v.minValue(min, `form_number_range|${min}–${max}`),
		v.maxValue(max, `form_number_range|${min}–${max}`)
	);

export const isoDate = v.pipe(
	v.string('form_invalid_type'),
	v.trim(),
	v.nonEmpty('form_required'),
	v.isoDate('form_invalid_date'),
	v.check(
		(d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
		'form_invalid_date'
	)
);

export const clockTime = v.pipe(
	v.string('form_invalid_type'),
	v.trim(),
	v.nonEmpty('form_required'),
	v.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'form_invalid_time')
);

/** An optional web link: http(s) only, so a link can never run a script. */
export const webLink = (max: number) =>
	v.pipe(
		text(max),
		v.check((s) => {
			if (s === '') return true;
			try {
				const url = new URL(s);
				return (url.protocol === 'https:' || url.protocol === 'http:') && !!url.hostname;
			} catch {
				return false;
			}
		}, 'assignment_link_invalid')
	);

export const choice = <const T extends readonly [string, ...string[]]>(options: T) =>
	v.pipe(v.string('form_invalid_type'), v.nonEmpty('form_required'), v.picklist(options, 'form_invalid_choice'));

/** An optional pick in a closed list: an empty field ('') reads as null ("not known yet"). */
export const optionalChoice = <const T extends readonly [string, ...string[]]>(options: T) =>
	v.pipe(
		v.optional(v.string('form_invalid_type'), ''),
		v.trim(),
		v.check((s) => s === '' || (options as readonly string[]).includes(s), 'form_invalid_choice'),
		v.transform((s) => (s === '' ? null : (s as T[number])))
	);

/** An HTML checkbox: present ('on') or absent. */
export const checkbox = v.pipe(
	v.optional(v.string('form_invalid_type'), ''),
	v.check((s) => s === '' || s === 'on' || s === 'true', 'form_invalid_choice'),
	v.transform((s) => s !== '')
);

export const firstName = v.pipe(requiredText(40), v.regex(/^[\p{L}][\p{L}\p{M} .'’-]*$/u, 'form_name_chars'));

export const pin = v.pipe(
	v.string('form_invalid_type'),
	v.trim(),
	v.nonEmpty('form_required'),
	v.regex(/^\d{4,6}$/, 'form_pin_format')
);

export const email = v.pipe(requiredText(254), v.toLowerCase(), v.email('form_email'));

export const id = v.pipe(v.string('form_invalid_type'), v.regex(/^[a-z2-7]{16}$/, 'form_invalid_choice'));

/** Errors by field, as message keys. */
export type FieldErrors = Record<string, MessageKey>;

export type Parsed<T> =
	| { ok: true; data: T; values: Record<string, string | string[]> }
	| { ok: false; values: Record<string, string | string[]>; errors: FieldErrors };

/**
 * Reads a form (or the plain fields of a multipart upload) through a schema. Fields listed in `arrays` keep
 * every value; others keep their last. On failure, returns what was typed so the page can show it again.
 */
export function parseForm<S extends v.GenericSchema>(
	schema: S,
	form: FormData | Record<string, string>,
	arrays: string[] = []
): Parsed<v.InferOutput<S>> {
	const values: Record<string, string | string[]> = {};
	const sent = new Map<string, string[]>();
	for (const [key, x] of form instanceof FormData ? form : Object.entries(form)) {
		sent.set(key, [...(sent.get(key) ?? []), typeof x === 'string' ? x : '']);
	}
	for (const [key, all] of sent) values[key] = arrays.includes(key) ? all : (all.at(-1) ?? '');
	for (const key of arrays) values[key] ??= [];
	// A field the browser did not send reads as empty, so it is reported as required, not mistyped.
	if ('entries' in schema) for (const key of Object.keys(schema.entries as object)) values[key] ??= '';
	const result = v.safeParse(schema, values);
	if (result.success) return { ok: true, data: result.output, values: withoutSecrets(values) };
	const errors: FieldErrors = {};
	for (const issue of result.issues) {
		const field = issue.path?.map((p) => String(p.key)).join('.') ?? '_form';
		// Our schemas' messages are keys of the catalogue (schemas.test.ts checks every one).
		errors[field.split('.')[0]] ??= issue.message as MessageKey;
	}
	return { ok: false, values: withoutSecrets(values), errors };
}

/** Secrets are never sent back to the page. */
function withoutSecrets(values: Record<string, string | string[]>) {
	return Object.fromEntries(
		Object.entries(values).map(([key, value]) => [key, /pin|password/i.test(key) ? '' : value])
	);
}

/** A form that sends nothing but its button (the action and the signed-in person say it all). */
export const noFields = v.object({});
