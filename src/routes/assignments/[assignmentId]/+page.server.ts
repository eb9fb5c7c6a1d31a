import { assignmentOverview } from '#lib/server/assignments/assignments.ts';
import { load as domainLoad, requireActor } from '#lib/server/http.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return domainLoad(() => assignmentOverview(event.locals.db, actor, event.params.assignmentId));
};
