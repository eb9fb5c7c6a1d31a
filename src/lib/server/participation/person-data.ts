import type { PersonDataSection } from '#lib/server/privacy/person-data.ts';

/**
 * A person's participation in live activities: each stretch of time speaking or with the camera on, and their
 * counts of chat messages and raised hands. Erasure keeps them, like the poll answers: they hold no text by or
 * about the person, and the erased account itself is anonymised.
 */
export const participationPersonData: PersonDataSection = {
	key: 'participation',
	collect: async (db, userId) => ({
		spans: await db
			.selectFrom('participation_span')
			.select(['activity_id as activityId', 'kind', 'started_at as startedAt', 'ended_at as endedAt'])
			.where('user_id', '=', userId)
			.orderBy('started_at')
			.execute(),
		counts: await db
			.selectFrom('participation_count')
			.select(['activity_id as activityId', 'chat_messages as chatMessages', 'hands_raised as handsRaised'])
			.where('user_id', '=', userId)
			.orderBy('activity_id')
			.execute()
	}),
	erase: async () => {}
};
