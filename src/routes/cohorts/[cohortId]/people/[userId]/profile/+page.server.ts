import { redirect } from '@sveltejs/kit';
import { formAction, loadData, requireActor } from '#lib/server/http/route.ts';
import { getProfile, saveProfile } from '#lib/server/profiles/profiles.ts';
import { eraseSchema, profileSchema, PROFILE_ARRAYS } from '#lib/server/profiles/schemas.ts';
import { erasePerson } from '#lib/server/privacy/person.ts';
import { uploadStore } from '#lib/server/uploads/store.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return loadData(() => getProfile(event.locals.db, actor, event.params.cohortId, event.params.userId));
};

export const actions: Actions = {
	save: (event) =>
		formAction(
			event,
			profileSchema,
			'profile',
			(input, actor) => saveProfile(event.locals.db, actor, event.params.cohortId, event.params.userId, input),
			{ arrays: PROFILE_ARRAYS }
		),
	erase: (event) =>
		formAction(
			event,
			eraseSchema,
			'erase',
			(input, actor) =>
				erasePerson(event.locals.db, actor, event.params.cohortId, event.params.userId, input.confirmName, {
					store: uploadStore()
				}),
			{ after: () => redirect(303, `/cohorts/${event.params.cohortId}/people/${event.params.userId}?erased=1`) }
		)
};
