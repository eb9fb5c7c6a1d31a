import type { Db } from '#lib/server/db/index.ts';

/**
 * Login throttling, per account and per client address. An account locks after 5 consecutive
 * failures, for 15 minutes, and a right guess during the lock is refused too.
 */
const MINUTE = 60 * 1000;
export const ACCOUNT_MAX_FAILURES = 5;
export const LOCK_MS = 15 * MINUTE;
const WINDOW_MS = 15 * MINUTE;
const IP_MAX_FAILURES = Number(process.env.LOGIN_IP_MAX_FAILURES ?? 50);

export const accountKey = (userId: string) => `account:${userId}`;
export const addressKey = (address: string) => `ip:${address}`;

export async function lockedUntil(db: Db, key: string, now = Date.now()): Promise<number | null> {
	const row = await db.selectFrom('login_throttle').select('locked_until').where('key', '=', key).executeTakeFirst();
	return row?.locked_until && row.locked_until > now ? row.locked_until : null;
}

export async function recordFailure(db: Db, key: string, now = Date.now()): Promise<void> {
	const max = key.startsWith('ip:') ? IP_MAX_FAILURES : ACCOUNT_MAX_FAILURES;
	await db.transaction().execute(async (trx) => {
		const row = await trx.selectFrom('login_throttle').selectAll().where('key', '=', key).executeTakeFirst();
		const fresh =
			!row || now - row.window_started_at > WINDOW_MS || (row.locked_until !== null && row.locked_until <= now);
		const failures = fresh ? 1 : row.failures + 1;
		const windowStart = fresh ? now : row.window_started_at;
		const locked = failures >= max ? now + LOCK_MS : null;
		if (row) {
			await trx
				.updateTable('login_throttle')
				.set({ failures, window_started_at: windowStart, locked_until: locked })
				.where('key', '=', key)
				.execute();
		} else {
			await trx
				.insertInto('login_throttle')
				.values({ key, failures, window_started_at: windowStart, locked_until: locked })
				.execute();
		}
	});
}

export async function clearFailures(db: Db, key: string): Promise<void> {
	await db.deleteFrom('login_throttle').where('key', '=', key).execute();
}
