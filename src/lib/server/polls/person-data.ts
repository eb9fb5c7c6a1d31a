import type { PersonDataSection } from '#lib/server/privacy/person-data.ts';

/**
 * A person's poll answers and reactions in the live room. The export gives each answer with its question and
 * the answer chosen, and each reaction. Erasure keeps them: they hold no text by or about the person, the
 * poll's counts and the participation figures need them, and a named poll then shows the erased person's
 * neutral name (the erasure anonymises the account itself).
 */
export const pollsPersonData: PersonDataSection = {
	key: 'polls',
	collect: async (db, userId) => ({
		answers: await db
			.selectFrom('poll_answer')
			.innerJoin('poll', 'poll.id', 'poll_answer.poll_id')
			.innerJoin('poll_option', 'poll_option.id', 'poll_answer.option_id')
			.select([
				'poll.activity_id as activityId',
				'poll.question',
				'poll.kind',
				'poll_option.position',
				'poll_option.label',
				'poll_answer.answered_at as answeredAt'
			])
			.where('poll_answer.user_id', '=', userId)
			.orderBy('poll_answer.answered_at')
			.execute(),
		reactions: await db
			.selectFrom('reaction')
			.select(['activity_id as activityId', 'kind', 'sent_at as sentAt'])
			.where('user_id', '=', userId)
			.orderBy('sent_at')
			.execute()
	}),
	erase: async () => {}
};
