import { error } from '@sveltejs/kit';
import { insightsView, NO_FILTER } from '#lib/server/insights/insights.ts';
import { parseComparison, parseFilter } from '#lib/server/insights/schemas.ts';
import { loadData, requireActor, translate } from '#lib/server/http/route.ts';
import type { PageServerLoad } from './$types';
import { clock } from '#lib/server/clock.ts';

/** The director's figures: aggregates only, filtered by the query string (a GET form: works without JavaScript). */
export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const filter = parseFilter(event.url.searchParams, '');
	const comparison = parseComparison(event.url.searchParams);
	if (!filter || comparison === 'invalid') error(400, translate('insights_invalid_filter'));
	const view = await loadData(() => insightsView(event.locals.db, actor, filter, comparison, clock.now()));
	return { view, filter, comparison: comparison ?? { a: NO_FILTER, b: NO_FILTER }, query: event.url.search };
};
