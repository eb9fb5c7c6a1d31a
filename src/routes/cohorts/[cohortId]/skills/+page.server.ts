import { load as domainLoad, requireActor } from '$lib/server/http';
import { cohortSkillGrid } from '$lib/server/skills/skills';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return domainLoad(() => cohortSkillGrid(event.locals.db, actor, event.params.cohortId));
};
