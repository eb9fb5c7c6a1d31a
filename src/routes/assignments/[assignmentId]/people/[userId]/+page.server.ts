import { giveFeedback, participantWork } from '#lib/server/assignments/assignments.ts';
import { feedbackSchema } from '#lib/server/assignments/schemas.ts';
import { act, invalid, loadData, requireActor } from '#lib/server/http/route.ts';
import { parseForm } from '#lib/server/http/validation.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return loadData(() => participantWork(event.locals.db, actor, event.params.assignmentId, event.params.userId));
};

export const actions: Actions = {
	feedback: async (event) => {
		const actor = requireActor(event);
		const parsed = parseForm(feedbackSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed, 'feedback');
		const given = await act(
			() => giveFeedback(event.locals.db, actor, event.params.assignmentId, event.params.userId, parsed.data),
			parsed.values,
			'feedback'
		);
		if (!given.ok) return given.failure;
		return { form: 'feedback', saved: true };
	}
};
