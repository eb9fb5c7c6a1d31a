import type { PersonDataSection } from '#lib/server/privacy/person-data.ts';

/** Sign-in traces: how many sessions are open (never their tokens) and the login throttle of the account. */
export const authPersonData: PersonDataSection = {
	key: 'signIn',
	collect: async (db, userId) => {
		const sessions = await db
			.selectFrom('session')
			.select(['expires_at', 'created_at'])
			.where('user_id', '=', userId)
			.orderBy('created_at')
			.execute();
		const throttle = await db
			.selectFrom('login_throttle')
			.select(['failures', 'window_started_at', 'locked_until'])
			.where('key', '=', `account:${userId}`)
			.executeTakeFirst();
		return {
			openSessions: sessions.length,
			sessionExpiries: sessions.map((s) => s.expires_at),
			loginThrottle: throttle ?? null
		};
	},
	erase: async (trx, userId) => {
		await trx.deleteFrom('session').where('user_id', '=', userId).execute();
		await trx.deleteFrom('login_throttle').where('key', '=', `account:${userId}`).execute();
		await trx.deleteFrom('login_throttle').where('key', 'like', `ip-account:%:${userId}`).execute();
	}
};
