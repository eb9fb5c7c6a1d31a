import type { PersonDataSection } from '#lib/server/privacy/person-data.ts';

/** Whether the person has a private calendar feed (never its token); it goes on erasure. */
export const calendarPersonData: PersonDataSection = {
	key: 'calendarFeed',
	collect: async (db, userId) => {
		const feed = await db
			.selectFrom('calendar_feed')
			.select('created_at')
			.where('user_id', '=', userId)
			.executeTakeFirst();
		return { exists: !!feed, createdAt: feed?.created_at ?? null };
	},
	erase: async (trx, userId) => {
		await trx.deleteFrom('calendar_feed').where('user_id', '=', userId).execute();
	}
};
