import { redirect } from '@sveltejs/kit';
import { choosesFacilitators, mayCreateCohorts, requireStaff } from '#lib/server/auth/policy.ts';
import { createCohort, listCohorts } from '#lib/server/cohorts/cohorts.ts';
import { facilitatorChoices } from '#lib/server/cohorts/facilitators.ts';
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
			// A director names the new cohort's facilitators; a facilitator runs the cohort they open.
			facilitators: canCreate && choosesFacilitators(actor) ? await facilitatorChoices(event.locals.db, actor) : null,
			canCreate
		};
	});
};

export const actions: Actions = {
	create: (event) =>
		formAction(event, cohortSchema, undefined, (input, actor) => createCohort(event.locals.db, actor, input), {
			arrays: ['facilitatorIds'],
			after: (cohortId) => redirect(303, `/cohorts/${cohortId}`)
		})
};
