import { cohortFacilitators, setCohortFacilitators } from '#lib/server/cohorts/facilitators.ts';
import { facilitatorsSchema } from '#lib/server/cohorts/schemas.ts';
import { formAction, loadData, requireActor } from '#lib/server/http/route.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return loadData(() => cohortFacilitators(event.locals.db, actor, event.params.cohortId));
};

export const actions: Actions = {
	save: (event) =>
		formAction(
			event,
			facilitatorsSchema,
			'facilitators',
			(input, actor) => setCohortFacilitators(event.locals.db, actor, event.params.cohortId, input.facilitatorIds),
			{ arrays: ['facilitatorIds'] }
		)
};
