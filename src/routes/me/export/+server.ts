import { loadData, requireActor } from '#lib/server/http/route.ts';
import { exportMyData } from '#lib/server/privacy/person.ts';
import type { RequestHandler } from './$types';

/** The person's own data (GDPR access and portability), as a JSON download. */
export const GET: RequestHandler = async (event) => {
	const actor = requireActor(event);
	const data = await loadData(() => exportMyData(event.locals.db, actor));
	return new Response(JSON.stringify(data, null, 2), {
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'content-disposition': 'attachment; filename="tablee-mes-donnees.json"',
			'cache-control': 'no-store'
		}
	});
};
