import { sql, type Kysely } from 'kysely';

// Polls and reactions in the live room (issue 14). A poll belongs to a live activity and is kept with it;
// one answer per person and poll (the primary key); at most one open poll per activity (a partial unique
// index, so two facilitators starting at once cannot both open one). Reactions are kept one row each, to be
// counted per person and activity (and rate-limited from the same rows).
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema of its day, not on today's Database type
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('poll')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('activity_id', 'text', (c) => c.notNull().references('activity.id').onDelete('cascade'))
		.addColumn('question', 'text', (c) => c.notNull())
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('named', 'integer', (c) => c.notNull())
		.addColumn('created_by', 'text', (c) => c.notNull().references('user.id'))
		.addColumn('opened_at', 'bigint', (c) => c.notNull())
		.addColumn('closed_at', 'bigint')
		.execute();
	await db.schema.createIndex('poll_activity').on('poll').columns(['activity_id', 'opened_at']).execute();
	await db.schema
		.createIndex('poll_one_open')
		.unique()
		.on('poll')
		.column('activity_id')
		.where(sql.ref('closed_at'), 'is', null)
		.execute();
	await db.schema
		.createTable('poll_option')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('poll_id', 'text', (c) => c.notNull().references('poll.id').onDelete('cascade'))
		.addColumn('position', 'integer', (c) => c.notNull())
		.addColumn('label', 'text', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('poll_option_poll').on('poll_option').columns(['poll_id', 'position']).execute();
	await db.schema
		.createTable('poll_answer')
		.addColumn('poll_id', 'text', (c) => c.notNull().references('poll.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
		.addColumn('option_id', 'text', (c) => c.notNull().references('poll_option.id').onDelete('cascade'))
		.addColumn('answered_at', 'bigint', (c) => c.notNull())
		.addPrimaryKeyConstraint('poll_answer_pk', ['poll_id', 'user_id'])
		.execute();
	await db.schema
		.createTable('reaction')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('activity_id', 'text', (c) => c.notNull().references('activity.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('sent_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('reaction_person')
		.on('reaction')
		.columns(['activity_id', 'user_id', 'sent_at'])
		.execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema of its day, not on today's Database type
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('reaction').execute();
	await db.schema.dropTable('poll_answer').execute();
	await db.schema.dropTable('poll_option').execute();
	await db.schema.dropTable('poll').execute();
}
