import { fail } from '@sveltejs/kit';
import { ACCEPT_ATTRIBUTE, MAX_FILE_BYTES, MAX_FILES, MAX_IMAGE_SIDE, MAX_TEXT } from '#lib/assignments/rules.ts';
import { participantAssignment } from '#lib/server/assignments/assignments.ts';
import { handInWork } from '#lib/server/http/assignment-routes.ts';
import { UploadAborted } from '#lib/server/uploads/receive.ts';
import { act, loadData, requireActor, translateErrors, type FormFailure } from '#lib/server/http/route.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return {
		...(await loadData(() => participantAssignment(event.locals.db, actor, event.params.assignmentId))),
		draftKey: `${actor.id}:${event.params.assignmentId}`,
		limits: {
			maxFileBytes: MAX_FILE_BYTES,
			maxFiles: MAX_FILES,
			maxImageSide: MAX_IMAGE_SIDE,
			maxText: MAX_TEXT,
			accept: ACCEPT_ATTRIBUTE
		}
	};
};

export const actions: Actions = {
	// Without JavaScript: the same form, posted as it is (text and files, not downscaled).
	submit: async (event) => {
		const actor = requireActor(event);
		let done;
		try {
			done = await act(
				() => handInWork(event.locals.db, actor, event.params.assignmentId, event.request),
				{},
				'submit'
			);
		} catch (e) {
			// The upload was cut off: nothing was kept, and nobody waits for this page.
			if (e instanceof UploadAborted)
				return fail(400, { form: 'submit', values: {}, errors: {} } satisfies FormFailure as FormFailure);
			throw e;
		}
		if (!done.ok) return done.failure;
		if (!done.value.ok)
			return fail(done.value.status, {
				form: 'submit',
				values: done.value.values,
				errors: translateErrors(done.value.errors)
			} satisfies FormFailure as FormFailure);
		return { form: 'submit', sent: true, version: done.value.version };
	}
};
