import { cohortBilan } from '#lib/server/insights/insights.ts';
import { load as domainLoad, requireActor } from '#lib/server/http.ts';
import type { PageServerLoad } from './$types';

/** One cohort's end-of-action report for funders, printable. */
export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return { bilan: await domainLoad(() => cohortBilan(event.locals.db, actor, event.params.cohortId, Date.now())) };
};
