import { assignmentOverview } from '#lib/server/assignments/assignments.ts';
import { loadData, requireActor } from '#lib/server/http/route.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return loadData(() => assignmentOverview(event.locals.db, actor, event.params.assignmentId));
};
