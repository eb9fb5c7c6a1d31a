import * as v from 'valibot';
import { giveFeedback, participantWork, setWaiver } from '#lib/server/assignments/assignments.ts';
import { feedbackSchema, waiverSchema } from '#lib/server/assignments/schemas.ts';
import { formAction, loadData, requireActor } from '#lib/server/http/route.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return loadData(() => participantWork(event.locals.db, actor, event.params.assignmentId, event.params.userId));
};

export const actions: Actions = {
	feedback: (event) =>
		formAction(event, feedbackSchema, 'feedback', (input, actor) =>
			giveFeedback(event.locals.db, actor, event.params.assignmentId, event.params.userId, input)
		),
	waive: (event) =>
		formAction(event, waiverSchema, 'waiver', (input, actor) =>
			setWaiver(event.locals.db, actor, event.params.assignmentId, event.params.userId, true, input)
		),
	unwaive: (event) =>
		formAction(event, v.object({}), 'waiver', (_input, actor) =>
			setWaiver(event.locals.db, actor, event.params.assignmentId, event.params.userId, false, { reason: '' })
		)
};
