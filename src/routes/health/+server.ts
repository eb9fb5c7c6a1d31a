import { json } from '@sveltejs/kit';
import { sql } from 'kysely';
import { isDatabaseUnavailable } from '#lib/server/db/unavailable.ts';
import { healthWhileUnavailable } from '#lib/server/http/outage.ts';
import type { RequestHandler } from './$types';

// For a proxy or a monitor: 200 when this instance answers and reaches its database; 503 while the database is
// out of reach (PostgreSQL restarting), so a load balancer can say so. Nothing personal, no session needed.
export const GET: RequestHandler = async ({ locals }) => {
	try {
		await sql`select 1`.execute(locals.db);
		return json({ status: 'ok', database: 'ok' }, { headers: { 'cache-control': 'no-store' } });
	} catch (e) {
		if (!isDatabaseUnavailable(e)) throw e;
		return healthWhileUnavailable();
	}
};
