import { error } from '@sveltejs/kit';
import { calendarFeedText } from '#lib/server/calendar/calendar.ts';
import type { RequestHandler } from './$types';

/** A person's private calendar: the token in the URL is the only key (calendar apps send no cookie). */
export const GET: RequestHandler = async ({ params, locals, url }) => {
	const text = await calendarFeedText(locals.db, params.token, url.origin, { fromCalendarApp: !locals.user });
	if (text === null) error(404, 'Not found');
	return new Response(text, {
		headers: {
			'content-type': 'text/calendar; charset=utf-8',
			'content-disposition': 'inline; filename="tablee.ics"',
			'cache-control': 'private, max-age=300'
		}
	});
};
