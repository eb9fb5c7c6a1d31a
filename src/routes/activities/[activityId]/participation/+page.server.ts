import { loadData, requireActor } from '#lib/server/http/route.ts';
import { activityParticipation } from '#lib/server/participation/participation.ts';
import type { PageServerLoad } from './$types';

// Everyone's participation in a live activity, for the cohort's facilitators (each person sees their own on /me).
export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return loadData(() => activityParticipation(event.locals.db, actor, event.params.activityId));
};
