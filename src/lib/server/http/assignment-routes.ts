// What the assignment routes share: receiving a participant's work (the upload endpoint answers
// JSON to the page's script, the form action answers the page when JavaScript is off) and the
// limits of every upload.
import { fail, json, type RequestEvent } from '@sveltejs/kit';
import { m } from '#lib/paraglide/messages.js';
import { ACCEPTED_TYPES, MAX_FILE_BYTES, MAX_FILES } from '#lib/assignments/rules.ts';
import type { Actor } from '#lib/server/auth/policy.ts';
import { requireSubmitter, submitWork } from '#lib/server/assignments/assignments.ts';
import { parseSubmission } from '#lib/server/assignments/schemas.ts';
import type { Db } from '#lib/server/db/index.ts';
import { DomainError } from './errors.ts';
import { act, requireActor, translate, translateErrors, type FormFailure } from './route.ts';
import type { FieldErrors } from './validation.ts';
import { receiveForm, UploadAborted, UploadRefused, type ReceiveOptions } from '#lib/server/uploads/receive.ts';
import { uploadStore } from '#lib/server/uploads/store.ts';

/** A participant's work: text in `text`, camera photos in `photos`, other files in `files`. */
export const SUBMISSION_UPLOAD: ReceiveOptions = {
	fileFields: ['photos', 'files'],
	maxFiles: MAX_FILES,
	maxFileBytes: MAX_FILE_BYTES,
	accepted: ACCEPTED_TYPES,
	fileErrorField: 'files'
};
/** A facilitator's attachment to the instructions. */
export const ATTACHMENT_UPLOAD: ReceiveOptions = {
	fileFields: ['attachment'],
	maxFiles: 1,
	maxFileBytes: MAX_FILE_BYTES,
	accepted: ACCEPTED_TYPES,
	fileErrorField: 'attachment'
};

export type HandIn =
	| { ok: true; submissionId: string; version: number }
	| { ok: false; status: 400 | 413 | 415; errors: FieldErrors; values: Record<string, string> };

/**
 * Receives and stores one version of a participant's work. Who may send is checked before a byte
 * of the body is read (refusals throw a DomainError); what was sent that does not fit comes back
 * as field errors (message keys), with nothing written and no file kept.
 */
export async function handInWork(db: Db, actor: Actor, activityId: string, request: Request): Promise<HandIn> {
	// The page's script names its draft in a header, so a repeated send is known before its body is read.
	const ref = request.headers.get('x-draft-ref') ?? '';
	const earlier = await requireSubmitter(db, actor, activityId, /^[a-z0-9-]{8,64}$/.test(ref) ? ref : '');
	if (earlier) {
		// Read to its end rather than cut: the phone then gets the answer.
		if (request.body) for await (const chunk of request.body) void chunk;
		return { ok: true, ...earlier };
	}
	const store = uploadStore();
	let received;
	try {
		received = await receiveForm(request, store, { ...SUBMISSION_UPLOAD, signal: request.signal });
	} catch (e) {
		if (e instanceof UploadRefused)
			return {
				ok: false,
				status: e.status as 400 | 413 | 415,
				errors: { [e.field]: e.messageKey },
				values: { text: e.fields.text ?? '' }
			};
		throw e;
	}
	const parsed = parseSubmission(received.fields, received.files.length);
	if (!parsed.ok) {
		await store.discardTemp(received.files.map((f) => f.id));
		return { ok: false, status: 400, errors: parsed.errors, values: parsed.values as Record<string, string> };
	}
	const sent = await submitWork(db, actor, activityId, { ...parsed.data, files: received.files }, store);
	return { ok: true, submissionId: sent.submissionId, version: sent.version };
}

/** POST …/upload: the page's script sends the work here (with a progress bar); JSON either way. */
export async function handInEndpoint(event: RequestEvent, activityId: string): Promise<Response> {
	const actor = event.locals.user;
	if (!actor) return json({ message: m.error_login_needed() }, { status: 401 });
	try {
		const result = await handInWork(event.locals.db, actor, activityId, event.request);
		if (result.ok) return json(result);
		const errors = translateErrors(result.errors);
		return json({ message: Object.values(errors)[0], errors }, { status: result.status });
	} catch (e) {
		if (e instanceof DomainError) return json({ message: translate(e.messageKey) }, { status: e.status });
		// The sender went away mid-upload: nothing was kept, and nobody reads this answer.
		if (e instanceof UploadAborted) return json({ message: m.error_bad_request() }, { status: 400 });
		throw e;
	}
}

/** The same hand-in as a form action, for the page when JavaScript is off (files sent as they are). */
export async function handInAction(event: RequestEvent, activityId: string, form: string) {
	const actor = requireActor(event);
	let done;
	try {
		done = await act(() => handInWork(event.locals.db, actor, activityId, event.request), {}, form);
	} catch (e) {
		// The upload was cut off: nothing was kept, and nobody waits for this page.
		if (e instanceof UploadAborted)
			return fail(400, { form, values: {}, errors: {} } satisfies FormFailure as FormFailure);
		throw e;
	}
	if (!done.ok) return done.failure;
	const handedIn = done.value;
	if (!handedIn.ok)
		return fail(handedIn.status, {
			form,
			values: handedIn.values,
			errors: translateErrors(handedIn.errors)
		} satisfies FormFailure as FormFailure);
	return { form, sent: true, version: handedIn.version };
}
