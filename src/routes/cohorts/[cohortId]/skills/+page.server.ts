import { load as domainLoad, requireActor } from '#lib/server/http.ts';
import { cohortSkillGrid } from '#lib/server/skills/skills.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return domainLoad(() => cohortSkillGrid(event.locals.db, actor, event.params.cohortId));
};
