import { loadData, requireActor } from '#lib/server/http/route.ts';
import { exportPersonData } from '#lib/server/privacy/person.ts';
import type { RequestHandler } from './$types';

/** A participant's data (GDPR access), for a facilitator of their cohort acting on their request. */
export const GET: RequestHandler = async (event) => {
	const actor = requireActor(event);
	const data = await loadData(() =>
		exportPersonData(event.locals.db, actor, event.params.cohortId, event.params.userId)
	);
	return new Response(JSON.stringify(data, null, 2), {
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'content-disposition': `attachment; filename="tablee-donnees-${event.params.userId}.json"`,
			'cache-control': 'no-store'
		}
	});
};
