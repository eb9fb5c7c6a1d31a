import type { PersonDataSection } from '#lib/server/privacy/person-data.ts';
import { namesOf, withoutNames } from '#lib/server/livekit/person-data.ts';

const MARKER = '∅';

/**
 * The cohort feed and the contact log. Export: what the person wrote, where they were named, the
 * contacts made with them. Erasure: rows stay (counts), their text goes; others' words lose the person's name.
 */
export const feedPersonData: PersonDataSection = {
	key: 'feed',
	collect: async (db, userId) => ({
		posts: await db
			.selectFrom('feed_post')
			.select([
				'id',
				'cohort_id',
				'kind',
				'body',
				'title',
				'employer',
				'contract',
				'link',
				'place',
				'event_at',
				'created_at',
				'hidden_at'
			])
			.where('author_id', '=', userId)
			.orderBy('created_at')
			.execute(),
		comments: await db
			.selectFrom('feed_comment')
			.select(['id', 'post_id', 'body', 'created_at', 'hidden_at'])
			.where('author_id', '=', userId)
			.orderBy('created_at')
			.execute(),
		mentions: await db
			.selectFrom('mention')
			.select(['post_id', 'comment_id', 'created_at'])
			.where('user_id', '=', userId)
			.orderBy('created_at')
			.execute(),
		contacts: await db
			.selectFrom('contact_log')
			.select(['cohort_id', 'facilitator_id', 'channel', 'at', 'note', 'created_at'])
			.where('participant_id', '=', userId)
			.orderBy('at')
			.execute()
	}),
	erase: async (trx, userId) => {
		await trx
			.updateTable('feed_post')
			.set({ body: MARKER, title: null, employer: null, contract: null, link: null, place: null })
			.where('author_id', '=', userId)
			.execute();
		await trx.updateTable('feed_comment').set({ body: MARKER }).where('author_id', '=', userId).execute();
		await trx.updateTable('contact_log').set({ note: '' }).where('participant_id', '=', userId).execute();
		// Where others named the person (@Prénom), the name goes from their words.
		const names = await namesOf(trx, userId);
		const mentions = await trx
			.selectFrom('mention')
			.select(['post_id', 'comment_id'])
			.where('user_id', '=', userId)
			.execute();
		if (names.length) {
			for (const postId of new Set(mentions.filter((m) => m.comment_id === null).map((m) => m.post_id))) {
				const post = await trx.selectFrom('feed_post').select('body').where('id', '=', postId).executeTakeFirst();
				if (post)
					await trx
						.updateTable('feed_post')
						.set({ body: withoutNames(post.body, names) })
						.where('id', '=', postId)
						.execute();
			}
			for (const commentId of new Set(mentions.map((m) => m.comment_id).filter((c): c is string => c !== null))) {
				const comment = await trx
					.selectFrom('feed_comment')
					.select('body')
					.where('id', '=', commentId)
					.executeTakeFirst();
				if (comment)
					await trx
						.updateTable('feed_comment')
						.set({ body: withoutNames(comment.body, names) })
						.where('id', '=', commentId)
						.execute();
			}
		}
		await trx.deleteFrom('mention').where('user_id', '=', userId).execute();
	}
};
