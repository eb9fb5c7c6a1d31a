import { redirect } from '@sveltejs/kit';
import { mayEditProgrammes } from '#lib/server/auth/policy.ts';
import { createProgramme, listProgrammes } from '#lib/server/programmes/programmes.ts';
import { programmeSchema } from '#lib/server/programmes/schemas.ts';
import { formAction, loadData, requireActor } from '#lib/server/http/route.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return loadData(async () => ({
		programmes: await listProgrammes(event.locals.db, actor),
		canEdit: mayEditProgrammes(actor)
	}));
};

export const actions: Actions = {
	create: (event) =>
		formAction(event, programmeSchema, undefined, (input, actor) => createProgramme(event.locals.db, actor, input), {
			after: (programmeId) => redirect(303, `/programmes/${programmeId}`)
		})
};
