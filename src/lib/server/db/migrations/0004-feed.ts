import type { Kysely } from 'kysely';

// The cohort feed (posts, comments, @mentions), the contact log, and the cohort's "participants may
// post" setting. Portable types only (text, integer, bigint), as in every migration.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema of its day, not on today's Database type
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.alterTable('cohort')
		.addColumn('participants_may_post', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();

	await db.schema
		.createTable('feed_post')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('cohort_id', 'text', (c) => c.notNull().references('cohort.id').onDelete('cascade'))
		.addColumn('author_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('body', 'text', (c) => c.notNull())
		.addColumn('title', 'text')
		.addColumn('employer', 'text')
		.addColumn('contract', 'text')
		.addColumn('link', 'text')
		.addColumn('place', 'text')
		.addColumn('event_at', 'bigint')
		.addColumn('pinned', 'integer', (c) => c.notNull())
		.addColumn('hidden_at', 'bigint')
		.addColumn('hidden_by', 'text', (c) => c.references('user.id').onDelete('set null'))
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('feed_post_cohort_idx').on('feed_post').columns(['cohort_id', 'created_at']).execute();

	await db.schema
		.createTable('feed_comment')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('post_id', 'text', (c) => c.notNull().references('feed_post.id').onDelete('cascade'))
		.addColumn('author_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
		.addColumn('body', 'text', (c) => c.notNull())
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.addColumn('hidden_at', 'bigint')
		.addColumn('hidden_by', 'text', (c) => c.references('user.id').onDelete('set null'))
		.execute();
	await db.schema.createIndex('feed_comment_post_idx').on('feed_comment').columns(['post_id', 'created_at']).execute();

	await db.schema
		.createTable('mention')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('post_id', 'text', (c) => c.notNull().references('feed_post.id').onDelete('cascade'))
		.addColumn('comment_id', 'text', (c) => c.references('feed_comment.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('mention_post_idx').on('mention').columns(['post_id', 'user_id']).execute();
	await db.schema.createIndex('mention_user_idx').on('mention').column('user_id').execute();

	await db.schema
		.createTable('contact_log')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('cohort_id', 'text', (c) => c.notNull().references('cohort.id').onDelete('cascade'))
		.addColumn('participant_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
		.addColumn('facilitator_id', 'text', (c) => c.notNull().references('user.id'))
		.addColumn('channel', 'text', (c) => c.notNull())
		.addColumn('at', 'bigint', (c) => c.notNull())
		.addColumn('note', 'text', (c) => c.notNull())
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('contact_log_participant_idx')
		.on('contact_log')
		.columns(['cohort_id', 'participant_id', 'at'])
		.execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema of its day, not on today's Database type
export async function down(db: Kysely<any>): Promise<void> {
	for (const table of ['contact_log', 'mention', 'feed_comment', 'feed_post'])
		await db.schema.dropTable(table).execute();
	await db.schema.alterTable('cohort').dropColumn('participants_may_post').execute();
}
