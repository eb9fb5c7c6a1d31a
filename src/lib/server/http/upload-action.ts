import { fail, type RequestEvent } from '@sveltejs/kit';
import type * as v from 'valibot';
import type { Actor } from '#lib/server/auth/policy.ts';
import {
	receiveForm,
	UploadAborted,
	UploadRefused,
	type ReceiveOptions,
	type StagedFile
} from '#lib/server/uploads/receive.ts';
import { uploadStore, type UploadStore } from '#lib/server/uploads/store.ts';
import {
	act,
	formIdOf,
	invalid,
	requireActor,
	translateErrors,
	type FormActionOptions,
	type FormFailure,
	type FormId
} from './route.ts';
import { parseForm } from './validation.ts';

/** Plain fields as a FormData, so that a repeated name (a list of checkboxes) keeps every value. */
function asForm(entries: [string, string][]): FormData {
	const form = new FormData();
	for (const [name, value] of entries) form.append(name, value);
	return form;
}

/**
 * `formAction` for a form that carries files (multipart, streamed to the store's tmp directory).
 * Who may send is checked by `before`, before a byte of the body is read; the plain fields are read
 * through `schema`; the domain `work` commits the staged files with its rows. Whatever goes wrong — a
 * refused file, bad fields, a domain refusal, an upload cut off halfway — leaves neither a row nor a
 * staged file.
 */
export async function uploadFormAction<S extends v.GenericSchema, T, R = { form: string | undefined; saved: true }>(
	event: Pick<RequestEvent, 'locals' | 'url' | 'request'>,
	upload: ReceiveOptions,
	schema: S,
	form: FormId,
	work: (input: v.InferOutput<S>, files: StagedFile[], actor: Actor, store: UploadStore) => Promise<T>,
	options: FormActionOptions<S, T, R> & { before?: (actor: Actor) => Promise<unknown> } = {}
) {
	const actor = requireActor(event);
	const { before } = options;
	if (before) {
		const allowed = await act(() => before(actor), {}, formIdOf(form, {}));
		if (!allowed.ok) return allowed.failure;
	}
	const store = uploadStore();
	let received;
	try {
		received = await receiveForm(event.request, store, { ...upload, signal: event.request.signal });
	} catch (e) {
		// The upload was cut off: nothing was kept, and nobody waits for this page.
		if (e instanceof UploadAborted)
			return fail(400, { form: formIdOf(form, {}), values: {}, errors: {} } satisfies FormFailure as FormFailure);
		if (e instanceof UploadRefused) {
			// What was typed comes back as the form reads it (lists of checkboxes included).
			const { values } = parseForm(schema, asForm(e.entries), options.arrays);
			return fail(e.status, {
				form: formIdOf(form, values),
				values,
				errors: translateErrors({ [e.field]: e.messageKey })
			} satisfies FormFailure as FormFailure);
		}
		throw e;
	}
	const { entries, files } = received;
	const staged = files.map((f) => f.id);
	const parsed = parseForm(schema, asForm(entries), options.arrays);
	const formId = formIdOf(form, parsed.values);
	if (!parsed.ok) {
		await store.discardTemp(staged);
		return invalid(parsed, formId);
	}
	const done = await act(
		async () => {
			try {
				return await work(parsed.data, files, actor, store);
			} catch (e) {
				await store.discardTemp(staged);
				throw e;
			}
		},
		parsed.values,
		formId
	);
	if (!done.ok) return done.failure;
	return options.after ? options.after(done.value, parsed.data, formId) : ({ form: formId, saved: true } as R);
}
