import { error, redirect } from '@sveltejs/kit';
import { createProgramme, listProgrammes } from '#lib/server/programmes/programmes.ts';
import { programmeSchema } from '#lib/server/programmes/schemas.ts';
import { act, invalid, loadData, requireActor, translate } from '#lib/server/http/route.ts';
import { parseForm } from '#lib/server/http/validation.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	if (actor.role === 'participant') error(403, translate('error_forbidden'));
	return loadData(async () => ({
		programmes: await listProgrammes(event.locals.db, actor),
		canEdit: actor.role === 'facilitator' || actor.role === 'admin'
	}));
};

export const actions: Actions = {
	create: async (event) => {
		const actor = requireActor(event);
		const parsed = parseForm(programmeSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed);
		const programmeId = await act(() => createProgramme(event.locals.db, actor, parsed.data), parsed.values);
		if (!programmeId.ok) return programmeId.failure;
		redirect(303, `/programmes/${programmeId.value}`);
	}
};
