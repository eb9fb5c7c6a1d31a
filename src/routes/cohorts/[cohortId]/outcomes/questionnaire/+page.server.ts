import { loadData, requireActor } from '#lib/server/http/route.ts';
import { cohortQuestionnaire } from '#lib/server/outcomes/questionnaire.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return loadData(() => cohortQuestionnaire(event.locals.db, actor, event.params.cohortId, Date.now()));
};
