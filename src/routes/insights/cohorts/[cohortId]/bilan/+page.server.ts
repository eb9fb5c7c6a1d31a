import { cohortBilan } from '#lib/server/insights/insights.ts';
import { loadData, requireActor } from '#lib/server/http/route.ts';
import type { PageServerLoad } from './$types';
import { clock } from '#lib/server/clock.ts';

/** One cohort's end-of-action report for funders, printable. */
export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return { bilan: await loadData(() => cohortBilan(event.locals.db, actor, event.params.cohortId, clock.now())) };
};
