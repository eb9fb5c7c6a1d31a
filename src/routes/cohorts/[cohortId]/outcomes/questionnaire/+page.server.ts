import { loadData, requireActor } from '#lib/server/http/route.ts';
import { cohortQuestionnaire } from '#lib/server/outcomes/questionnaire.ts';
import type { PageServerLoad } from './$types';
import { clock } from '#lib/server/clock.ts';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return loadData(() => cohortQuestionnaire(event.locals.db, actor, event.params.cohortId, clock.now()));
};
