import { error } from '@sveltejs/kit';
import { insightsView, NO_FILTER, pageOf } from '#lib/server/insights/insights.ts';
import { parseComparison, parseFilter, parsePage } from '#lib/server/insights/schemas.ts';
import { loadData, requireActor, translate } from '#lib/server/http/route.ts';
import type { PageServerLoad } from './$types';
import { clock } from '#lib/server/clock.ts';

/** The director's figures: aggregates only, filtered by the query string (a GET form: works without JavaScript). */
export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const filter = parseFilter(event.url.searchParams, '');
	const comparison = parseComparison(event.url.searchParams);
	const page = parsePage(event.url.searchParams);
	if (!filter || comparison === 'invalid' || page === null) error(400, translate('insights_invalid_filter'));
	const view = await loadData(() => insightsView(event.locals.db, actor, filter, comparison, clock.now()));
	// One page of the cohorts table (filters kept in the URL); the totals are over every cohort the filter keeps.
	return {
		view: pageOf(view, page),
		filter,
		comparison: comparison ?? { a: NO_FILTER, b: NO_FILTER },
		query: event.url.search
	};
};
