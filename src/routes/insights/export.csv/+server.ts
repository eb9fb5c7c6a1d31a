import { error } from '@sveltejs/kit';
import { insightsView } from '#lib/server/insights/insights.ts';
import { insightsCsv } from '#lib/server/insights/csv.ts';
import { parseComparison, parseFilter } from '#lib/server/insights/schemas.ts';
import { loadData, requireActor, translate } from '#lib/server/http/route.ts';
import { csvResponse } from '#lib/server/http/spreadsheet.ts';
import type { RequestHandler } from './$types';
import { clock } from '#lib/server/clock.ts';

/** Exactly the figures /insights shows for the same query string, as CSV. */
export const GET: RequestHandler = async (event) => {
	const actor = requireActor(event);
	const filter = parseFilter(event.url.searchParams, '');
	const comparison = parseComparison(event.url.searchParams);
	if (!filter || comparison === 'invalid') error(400, translate('insights_invalid_filter'));
	const view = await loadData(() => insightsView(event.locals.db, actor, filter, comparison, clock.now()));
	return csvResponse(insightsCsv(view), 'tablee-resultats.csv');
};
