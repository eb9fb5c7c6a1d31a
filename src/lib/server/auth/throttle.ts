import { sql } from 'kysely';
import type { Db } from '#lib/server/db/index.ts';
import { clock } from '#lib/server/clock.ts';

/**
 * Login throttling.
 *
 * - Per account: a try is *claimed* (counted) before the secret is checked, by one conditional
 *   update, so N parallel tries count N; the 5th claim locks the account for 15 minutes, and a
 *   right guess during the lock is refused too. A right secret clears the count.
 * - Per client address: failures from one address are counted; past the limit, the address may
 *   still log in to any account that has not failed from it (one Wi-Fi in a club room is one
 *   address), but an account that already failed from that address is refused until the window
 *   ends. So guessing from one address is slowed to one try per account, and nobody who typed
 *   their secret right is refused because of the others.
 */
const MINUTE = 60 * 1000;
export const ACCOUNT_MAX_FAILURES = 5;
export const LOCK_MS = 15 * MINUTE;
const WINDOW_MS = 15 * MINUTE;
export const IP_MAX_FAILURES = Number(process.env.LOGIN_IP_MAX_FAILURES ?? 50);

export const accountKey = (userId: string) => `account:${userId}`;
export const addressKey = (address: string) => `ip:${address}`;
export const addressAccountKey = (address: string, userId: string) => `ip-account:${address}:${userId}`;

/** Creates the row if missing, and starts a new window if the old one or its lock has run out. */
async function freshRow(db: Db, key: string, now: number): Promise<void> {
	await db
		.insertInto('login_throttle')
		.values({ key, failures: 0, window_started_at: now, locked_until: null })
		.onConflict((oc) => oc.column('key').doNothing())
		.execute();
	await db
		.updateTable('login_throttle')
		.set({ failures: 0, window_started_at: now, locked_until: null })
		.where('key', '=', key)
		.where((eb) =>
			eb.or([
				eb('window_started_at', '<', now - WINDOW_MS),
				eb.and([eb('locked_until', 'is not', null), eb('locked_until', '<=', now)])
			])
		)
		.execute();
}

export async function lockedUntil(db: Db, key: string, now = clock.now()): Promise<number | null> {
	const row = await db.selectFrom('login_throttle').select('locked_until').where('key', '=', key).executeTakeFirst();
	return row?.locked_until && row.locked_until > now ? row.locked_until : null;
}

/** Failures counted under `key` in the current window (0 when none or the window ran out). */
export async function failuresOf(db: Db, key: string, now = clock.now()): Promise<number> {
	const row = await db.selectFrom('login_throttle').selectAll().where('key', '=', key).executeTakeFirst();
	if (!row || row.window_started_at < now - WINDOW_MS) return 0;
	if (row.locked_until !== null && row.locked_until <= now) return 0;
	return row.failures;
}

/**
 * Claims one try on an account, atomically: `true` when the try may go ahead (and is already
 * counted), `false` when the account is locked. The claim that reaches the limit sets the lock.
 */
export async function claimAccountTry(db: Db, key: string, now = clock.now()): Promise<boolean> {
	await freshRow(db, key, now);
	const claimed = await db
		.updateTable('login_throttle')
		.set({
			failures: sql<number>`failures + 1`,
			locked_until: sql<
				number | null
			>`case when failures + 1 >= ${ACCOUNT_MAX_FAILURES} then cast(${now + LOCK_MS} as bigint) else null end`
		})
		.where('key', '=', key)
		.where('failures', '<', ACCOUNT_MAX_FAILURES)
		.returning('failures')
		.executeTakeFirst();
	return claimed !== undefined;
}

/** Counts one failure under `key` (one atomic increment). */
export async function recordFailure(db: Db, key: string, now = clock.now()): Promise<void> {
	const max = key.startsWith('ip:') ? IP_MAX_FAILURES : ACCOUNT_MAX_FAILURES;
	await freshRow(db, key, now);
	await db
		.updateTable('login_throttle')
		.set({
			failures: sql<number>`failures + 1`,
			locked_until: sql<
				number | null
			>`case when failures + 1 >= ${max} then cast(${now + LOCK_MS} as bigint) else locked_until end`
		})
		.where('key', '=', key)
		.execute();
}

export async function clearFailures(db: Db, key: string): Promise<void> {
	await db.deleteFrom('login_throttle').where('key', '=', key).execute();
}

/** Clears every failure counted against an account, from any address (after a PIN reset). */
export async function clearAccountFailures(db: Db, userId: string): Promise<void> {
	await db
		.deleteFrom('login_throttle')
		.where((eb) => eb.or([eb('key', '=', accountKey(userId)), eb('key', 'like', `ip-account:%:${userId}`)]))
		.execute();
}
