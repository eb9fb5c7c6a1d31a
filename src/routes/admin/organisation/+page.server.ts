import { organisationSettings, updateOrganisationSettings } from '#lib/server/organisation/settings.ts';
import { organisationSettingsSchema } from '#lib/server/organisation/schemas.ts';
import { formAction, loadData, requireActor } from '#lib/server/http/route.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return loadData(async () => ({ settings: await organisationSettings(event.locals.db, actor) }));
};

export const actions: Actions = {
	save: (event) =>
		formAction(event, organisationSettingsSchema, 'settings', (input, actor) =>
			updateOrganisationSettings(event.locals.db, actor, input)
		)
};
