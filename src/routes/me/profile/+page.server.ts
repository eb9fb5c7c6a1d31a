import { formAction, loadData, requireActor } from '#lib/server/http/route.ts';
import { getMyProfile, setMyConsent } from '#lib/server/profiles/profiles.ts';
import { consentSchema } from '#lib/server/profiles/schemas.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return loadData(() => getMyProfile(event.locals.db, actor));
};

export const actions: Actions = {
	consent: (event) =>
		formAction(event, consentSchema, 'consent', (input, actor) => setMyConsent(event.locals.db, actor, input.consent))
};
