import { error, redirect } from '@sveltejs/kit';
import { createCohort, listCohorts } from '#lib/server/cohorts/cohorts.ts';
import { cohortSchema } from '#lib/server/cohorts/schemas.ts';
import { listProgrammes } from '#lib/server/programmes/programmes.ts';
import { formAction, loadData, requireActor, translate } from '#lib/server/http/route.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	if (actor.role === 'participant') error(403, translate('error_forbidden'));
	return loadData(async () => ({
		cohorts: await listCohorts(event.locals.db, actor),
		programmes:
			actor.role === 'facilitator'
				? (await listProgrammes(event.locals.db, actor)).map((p) => ({ id: p.id, title: p.title }))
				: [],
		canCreate: actor.role === 'facilitator'
	}));
};

export const actions: Actions = {
	create: (event) =>
		formAction(event, cohortSchema, undefined, (input, actor) => createCohort(event.locals.db, actor, input), {
			after: (cohortId) => redirect(303, `/cohorts/${cohortId}`)
		})
};
