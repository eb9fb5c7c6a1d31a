import type { PersonDataSection } from '#lib/server/privacy/person-data.ts';
import { namesOf, withoutNames } from '#lib/server/livekit/person-data.ts';

/** The person's notices and the phones they receive them on. Both go on erasure (nothing to count). */
export const notificationsPersonData: PersonDataSection = {
	key: 'notifications',
	collect: async (db, userId) => ({
		notifications: await db
			.selectFrom('notification')
			.select(['kind', 'params', 'href', 'created_at', 'read_at', 'pushed_at'])
			.where('user_id', '=', userId)
			.orderBy('created_at')
			.execute(),
		// A phone's push address is a secret of that phone: only when it was registered.
		pushSubscriptions: await db
			.selectFrom('push_subscription')
			.select(['created_at', 'last_sent_at', 'locale'])
			.where('user_id', '=', userId)
			.execute()
	}),
	erase: async (trx, userId) => {
		await trx.deleteFrom('notification').where('user_id', '=', userId).execute();
		await trx.deleteFrom('push_subscription').where('user_id', '=', userId).execute();
		// Others' notices that name the person (a comment, a mention) lose the name.
		for (const name of await namesOf(trx, userId)) {
			const rows = await trx
				.selectFrom('notification')
				.select(['id', 'params'])
				.where('params', 'like', `%${name}%`)
				.execute();
			for (const row of rows)
				await trx
					.updateTable('notification')
					.set({ params: withoutNames(row.params, [name]) })
					.where('id', '=', row.id)
					.execute();
		}
	}
};
