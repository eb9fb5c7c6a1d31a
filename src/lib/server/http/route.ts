import { error, fail, json, redirect, type RequestEvent } from '@sveltejs/kit';
import * as v from 'valibot';
import { dev } from '$app/environment';
import { m } from '#lib/paraglide/messages.js';
import { createSession, generateSessionToken, setSessionCookie } from '#lib/server/auth/session.ts';
import type { Actor } from '#lib/server/auth/policy.ts';
import { DomainError, type MessageKey } from './errors.ts';
import { parseForm, type FieldErrors, type Parsed } from './validation.ts';

/** Translates a message key (optionally 'key|value') from the domain or a schema into the request's language. */
export function translate(key: MessageKey): string {
	const [name, value = ''] = key.split('|') as [keyof typeof m, string?];
	// Keys typed by the domain always name a message; a schema's key is checked by the schemas' test.
	const message = m[name] as ((inputs: { value: string }) => string) | undefined;
	return message ? message({ value }) : m.error_generic();
}

export function translateErrors(errors: FieldErrors): Record<string, string> {
	return Object.fromEntries(Object.entries(errors).map(([field, key]) => [field, translate(key)]));
}

/** The signed-in actor, or a redirect to the login page that brings them back here. */
export function requireActor(event: Pick<RequestEvent, 'locals' | 'url'>): Actor {
	const user = event.locals.user;
	if (!user) redirect(303, `/login?next=${encodeURIComponent(event.url.pathname)}`);
	return user;
}

/** Runs a domain read for a load function; domain refusals become HTTP errors with translated text. */
export async function loadData<T>(work: () => Promise<T>): Promise<T> {
	try {
		return await work();
	} catch (e) {
		if (e instanceof DomainError) error(e.status, translate(e.messageKey));
		throw e;
	}
}

/** Form values sent back on failure so the page shows what the user typed. */
type Values = Record<string, string | string[]>;

/** What every failed form action returns: which form, what was typed, translated errors by field (`_form` for the whole form). */
export interface FormFailure {
	form?: string;
	values: Values;
	errors: Record<string, string>;
}

export function invalid(parsed: Extract<Parsed<unknown>, { ok: false }>, form?: string) {
	return fail(400, {
		form,
		values: parsed.values,
		errors: translateErrors(parsed.errors)
	} satisfies FormFailure as FormFailure);
}

/** A refusal of the whole form, in the user's language. */
export function refuse(status: number, messageKey: MessageKey, values: Values, form?: string) {
	return fail(status, { form, values, errors: { _form: translate(messageKey) } } satisfies FormFailure as FormFailure);
}

/**
 * Runs a domain write for a form action. Refusals of authorization become HTTP errors;
 * other domain refusals come back as a failure to return, shown on the form (`_form`) with what was typed.
 */
export async function act<T>(
	work: () => Promise<T>,
	values: Values = {},
	form?: string
): Promise<{ ok: true; value: T } | { ok: false; failure: ReturnType<typeof refuse> }> {
	try {
		return { ok: true, value: await work() };
	} catch (e) {
		if (e instanceof DomainError) {
			if (e.status === 403 || e.status === 404) error(e.status, translate(e.messageKey));
			return { ok: false, failure: refuse(e.status, e.messageKey, values, form) };
		}
		throw e;
	}
}

/** Which form of the page answered: a fixed name, or one made from what was sent (`c-<postId>`). */
export type FormId = string | undefined | ((values: Values) => string);

/** What a form action does after its domain write succeeded (extra page data, a redirect, a new session…). */
export interface FormActionOptions<S extends v.GenericSchema, T, R> {
	/** Fields that keep every value sent (checkbox groups, multiple selects). */
	arrays?: string[];
	after?: (value: T, input: v.InferOutput<S>, form: string | undefined) => R;
}

type Saved = { form: string | undefined; saved: true };

export const formIdOf = (form: FormId, values: Values) => (typeof form === 'function' ? form(values) : form);

/**
 * One form action: reads the form through `schema` (or the schema the form picks, e.g. by its kind;
 * bad input → 400 with translated errors and what was typed), runs the domain `work` as the signed-in
 * actor (authorization refusals → HTTP errors, other refusals → shown on the form), then returns
 * `{ form, saved: true }` — or what `after` makes of the result (extra page data, or a redirect).
 */
export async function formAction<S extends v.GenericSchema, T, R = Saved>(
	event: Pick<RequestEvent, 'locals' | 'url' | 'request'>,
	schema: S | ((form: FormData) => S),
	form: FormId,
	work: (input: v.InferOutput<S>, actor: Actor, body: FormData) => Promise<T>,
	options: FormActionOptions<S, T, R> = {}
) {
	const actor = requireActor(event);
	return publicFormAction(event, schema, form, (input, body) => work(input, actor, body), options);
}

/** A form action anyone may send (logging in, redeeming an invite): `formAction` without an actor. */
export async function publicFormAction<S extends v.GenericSchema, T, R = Saved>(
	event: Pick<RequestEvent, 'request'>,
	schema: S | ((form: FormData) => S),
	form: FormId,
	work: (input: v.InferOutput<S>, body: FormData) => Promise<T>,
	options: FormActionOptions<S, T, R> = {}
) {
	const body = await event.request.formData();
	const parsed = parseForm(typeof schema === 'function' ? schema(body) : schema, body, options.arrays);
	const formId = formIdOf(form, parsed.values);
	if (!parsed.ok) return invalid(parsed, formId);
	const done = await act(() => work(parsed.data, body), parsed.values, formId);
	if (!done.ok) return done.failure;
	return options.after ? options.after(done.value, parsed.data, formId) : ({ form: formId, saved: true } as R);
}

export function clientAddress(event: Pick<RequestEvent, 'getClientAddress'>): string {
	try {
		return event.getClientAddress();
	} catch {
		return 'unknown';
	}
}

/** Opens a session for `userId` on this device (login, invite, after a secret change). */
export async function openSession(
	event: Pick<RequestEvent, 'locals' | 'cookies' | 'url'>,
	userId: string
): Promise<void> {
	const token = generateSessionToken();
	const session = await createSession(event.locals.db, token, userId);
	setSessionCookie(event.cookies, token, session.expires_at, !dev && event.url.protocol === 'https:');
}

// Control characters (C0, DEL, C1), every Unicode space and the invisible format characters: browsers
// drop or fold some of them (`/<TAB>/evil` is read as `//evil`), and none belongs in a path we send back.
const UNSAFE_IN_NEXT =
	// eslint-disable-next-line no-control-regex -- refusing control characters is the point of this pattern
	/[\u0000-\u0020\u007f-\u00a0\u00ad\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff\\]/;
const BASE = 'http://tablee.invalid';

/**
 * A same-origin path to go back to (after login, after choosing a language), never an open
 * redirect: refused when it holds a control or space character or a backslash, does not start
 * with one `/`, or does not resolve to our own origin; otherwise its normalized path, query and
 * fragment (percent-encoded, so always a valid Location header).
 */
export function safeNext(next: string | null | undefined, fallback: string): string {
	if (!next || next.length > 2000 || !next.startsWith('/') || next.startsWith('//') || UNSAFE_IN_NEXT.test(next)) {
		return fallback;
	}
	let url: URL;
	try {
		url = new URL(next, BASE);
	} catch {
		return fallback;
	}
	if (url.origin !== BASE) return fallback;
	return `${url.pathname}${url.search}${url.hash}`;
}

/**
 * Runs the domain work of a JSON endpoint. Anonymous callers get 401; domain refusals become their
 * status with a translated `{ message }`; the result is sent as JSON.
 */
export async function jsonEndpoint<T>(
	event: Pick<RequestEvent, 'locals'>,
	work: (actor: Actor) => Promise<T>
): Promise<Response> {
	const actor = event.locals.user;
	if (!actor) return json({ message: m.error_login_needed() }, { status: 401 });
	try {
		return json((await work(actor)) ?? { ok: true });
	} catch (e) {
		if (e instanceof DomainError) return json({ message: translate(e.messageKey) }, { status: e.status });
		throw e;
	}
}

/** A JSON request body read through a schema; a 400 DomainError when it does not fit. */
export async function readJson<S extends v.GenericSchema>(request: Request, schema: S): Promise<v.InferOutput<S>> {
	let body: unknown;
	try {
		body = await request.json();
	} catch {
		throw new DomainError(400, 'error_bad_request', 'body is not JSON');
	}
	const result = v.safeParse(schema, body);
	if (!result.success) throw new DomainError(400, 'error_bad_request', v.summarize(result.issues));
	return result.output;
}
