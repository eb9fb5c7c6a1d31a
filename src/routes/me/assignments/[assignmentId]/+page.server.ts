import { ACCEPT_ATTRIBUTE, MAX_FILE_BYTES, MAX_FILES, MAX_IMAGE_SIDE, MAX_TEXT } from '#lib/assignments/rules.ts';
import { participantAssignment } from '#lib/server/assignments/assignments.ts';
import { handInAction } from '#lib/server/http/assignment-routes.ts';
import { loadData, requireActor } from '#lib/server/http/route.ts';
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
	submit: (event) => handInAction(event, event.params.assignmentId, 'submit')
};
