import { activityEventText } from '#lib/server/calendar/calendar.ts';
import { loadData, requireActor } from '#lib/server/http/route.ts';
import type { RequestHandler } from './$types';

/** "Ajouter à mon agenda": one activity as an .ics file the phone opens in its calendar. */
export const GET: RequestHandler = async (event) => {
	const actor = requireActor(event);
	const text = await loadData(() =>
		activityEventText(event.locals.db, actor, event.params.activityId, event.url.origin)
	);
	return new Response(text, {
		headers: {
			'content-type': 'text/calendar; charset=utf-8',
			'content-disposition': `attachment; filename="tablee-${event.params.activityId}.ics"`
		}
	});
};
