import { redirect } from '@sveltejs/kit';
import { mayCreateCohorts, requireStaff } from '#lib/server/auth/policy.ts';
import { createCohort, listCohorts } from '#lib/server/cohorts/cohorts.ts';
import { cohortSchema } from '#lib/server/cohorts/schemas.ts';
import { listProgrammes } from '#lib/server/programmes/programmes.ts';
import { formAction, loadData, requireActor } from '#lib/server/http/route.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return loadData(async () => {
		// Participants find their cohorts on /me.
		requireStaff(actor);
		const canCreate = mayCreateCohorts(actor);
		return {
			cohorts: await listCohorts(event.locals.db, actor),
			programmes: canCreate
				? (await listProgrammes(event.locals.db, actor)).map((p) => ({ id: p.id, title: p.title }))
				: [],
			canCreate
		};
	});
};

export const actions: Actions = {
	create: (event) =>
		formAction(event, cohortSchema, undefined, (input, actor) => createCohort(event.locals.db, actor, input), {
			after: (cohortId) => redirect(303, `/cohorts/${cohortId}`)
		})
};
