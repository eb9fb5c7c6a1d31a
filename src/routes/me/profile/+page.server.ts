import { act, invalid, loadData, requireActor } from '#lib/server/http/route.ts';
import { getMyProfile, setMyConsent } from '#lib/server/profiles/profiles.ts';
import { consentSchema } from '#lib/server/profiles/schemas.ts';
import { parseForm } from '#lib/server/http/validation.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return loadData(() => getMyProfile(event.locals.db, actor));
};

export const actions: Actions = {
	consent: async (event) => {
		const actor = requireActor(event);
		const parsed = parseForm(consentSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed, 'consent');
		const done = await act(() => setMyConsent(event.locals.db, actor, parsed.data.consent), parsed.values, 'consent');
		return done.ok ? { form: 'consent', saved: true } : done.failure;
	}
};
