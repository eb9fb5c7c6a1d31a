import { error } from '@sveltejs/kit';
import { participantAgenda } from '$lib/server/activities/activities';
import { listCohorts } from '$lib/server/cohorts/cohorts';
import { requireActor, translate } from '$lib/server/http';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	if (actor.role !== 'participant') error(403, translate('error_participants_only'));
	const [agenda, cohorts] = await Promise.all([participantAgenda(event.locals.db, actor), listCohorts(event.locals.db, actor)]);
	return {
		firstName: actor.first_name,
		welcome: event.url.searchParams.has('welcome'),
		cohorts: cohorts.map((c) => ({ id: c.id, name: c.name, code: c.code })),
		...agenda
	};
};
