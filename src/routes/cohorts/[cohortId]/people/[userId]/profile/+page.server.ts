import { redirect } from '@sveltejs/kit';
import { act, invalid, loadData, requireActor } from '#lib/server/http/route.ts';
import { getProfile, saveProfile } from '#lib/server/profiles/profiles.ts';
import { eraseSchema, profileSchema, PROFILE_ARRAYS } from '#lib/server/profiles/schemas.ts';
import { erasePerson } from '#lib/server/privacy/person.ts';
import { uploadStore } from '#lib/server/uploads/store.ts';
import { parseForm } from '#lib/server/http/validation.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return loadData(() => getProfile(event.locals.db, actor, event.params.cohortId, event.params.userId));
};

export const actions: Actions = {
	save: async (event) => {
		const actor = requireActor(event);
		const parsed = parseForm(profileSchema, await event.request.formData(), PROFILE_ARRAYS);
		if (!parsed.ok) return invalid(parsed, 'profile');
		const done = await act(
			() => saveProfile(event.locals.db, actor, event.params.cohortId, event.params.userId, parsed.data),
			parsed.values,
			'profile'
		);
		return done.ok ? { form: 'profile', saved: true } : done.failure;
	},
	erase: async (event) => {
		const actor = requireActor(event);
		const parsed = parseForm(eraseSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed, 'erase');
		const done = await act(
			() =>
				erasePerson(event.locals.db, actor, event.params.cohortId, event.params.userId, parsed.data.confirmName, {
					store: uploadStore()
				}),
			parsed.values,
			'erase'
		);
		if (!done.ok) return done.failure;
		redirect(303, `/cohorts/${event.params.cohortId}/people/${event.params.userId}?erased=1`);
	}
};
