import { assignmentOverview } from '$lib/server/assignments/assignments';
import { load as domainLoad, requireActor } from '$lib/server/http';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return domainLoad(() => assignmentOverview(event.locals.db, actor, event.params.assignmentId));
};
