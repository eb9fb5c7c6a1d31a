import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { sql } from 'kysely';
import type { Db } from '#lib/server/db/index.ts';

/** This process among the app's instances: the holder name of the leases it takes. */
export const INSTANCE_ID = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;

/**
 * Takes or renews the lease `name` for `holder` until `now + ttlMs`. True when `holder` now holds it: the
 * lease was free, had expired, or was already its own. One UPDATE decides, so two instances asking at the
 * same moment cannot both win (PostgreSQL re-checks the WHERE on the row it waited for; SQLite writes one
 * at a time). A winning claim counts one run.
 */
export async function claimLease(db: Db, name: string, holder: string, ttlMs: number, now: number): Promise<boolean> {
	await db
		.insertInto('job_lease')
		.values({ name, holder: '', expires_at: 0 })
		.onConflict((oc) => oc.column('name').doNothing())
		.execute();
	const result = await db
		.updateTable('job_lease')
		.set({ holder, expires_at: now + ttlMs, runs: sql`runs + 1` })
		.where('name', '=', name)
		.where((eb) => eb.or([eb('holder', '=', holder), eb('expires_at', '<=', now)]))
		.executeTakeFirst();
	return result.numUpdatedRows > 0n;
}

/** Gives the lease up at once (a holder that stops), so another instance need not wait for it to expire. */
export async function releaseLease(db: Db, name: string, holder: string): Promise<void> {
	await db
		.updateTable('job_lease')
		.set({ expires_at: 0 })
		.where('name', '=', name)
		.where('holder', '=', holder)
		.execute();
}
