import { redirect } from '@sveltejs/kit';
import { m } from '#lib/paraglide/messages.js';
import { mayEditProgrammes } from '#lib/server/auth/policy.ts';
import { createProgramme, duplicateProgramme, listProgrammes } from '#lib/server/programmes/programmes.ts';
import { duplicateSchema, programmeSchema } from '#lib/server/programmes/schemas.ts';
import { formAction, loadData, requireActor } from '#lib/server/http/route.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return loadData(async () => ({
		programmes: await listProgrammes(event.locals.db, actor),
		canEdit: mayEditProgrammes(actor)
	}));
};

const toProgramme = (programmeId: string) => redirect(303, `/programmes/${programmeId}`);

export const actions: Actions = {
	create: (event) =>
		formAction(event, programmeSchema, undefined, (input, actor) => createProgramme(event.locals.db, actor, input), {
			after: toProgramme
		}),
	// Sent from a programme's page (and its list): the copy opens, ready to edit.
	duplicate: (event) =>
		formAction(
			event,
			duplicateSchema,
			'duplicate',
			(input, actor) => duplicateProgramme(event.locals.db, actor, input.programmeId, m.programme_copy_suffix()),
			{ after: toProgramme }
		)
};
