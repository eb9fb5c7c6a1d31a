import { loadData, requireActor } from '#lib/server/http/route.ts';
import { cohortSkillGrid } from '#lib/server/skills/skills.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return loadData(() => cohortSkillGrid(event.locals.db, actor, event.params.cohortId));
};
