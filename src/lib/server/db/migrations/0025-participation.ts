import type { Kysely } from 'kysely';

// Participation figures of a live activity (issue 14): stretches of time a person spoke or had their camera on,
// as their room page saw LiveKit report them (clipped to the presences LiveKit's webhooks opened), and the counts
// of chat messages sent and hands raised. Minutes present, reactions and poll answers are read where they live.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema of its day, not on today's Database type
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('participation_span')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('activity_id', 'text', (c) => c.notNull().references('activity.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('started_at', 'bigint', (c) => c.notNull())
		.addColumn('ended_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('participation_span_person')
		.on('participation_span')
		.columns(['activity_id', 'user_id', 'kind'])
		.execute();
	await db.schema
		.createTable('participation_count')
		.addColumn('activity_id', 'text', (c) => c.notNull().references('activity.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
		.addColumn('chat_messages', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('hands_raised', 'integer', (c) => c.notNull().defaultTo(0))
		.addPrimaryKeyConstraint('participation_count_pk', ['activity_id', 'user_id'])
		.execute();
	// /me asks for the person's latest presence on every load.
	await db.schema.createIndex('presence_user_joined_idx').on('presence').columns(['user_id', 'joined_at']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema of its day, not on today's Database type
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropIndex('presence_user_joined_idx').execute();
	await db.schema.dropTable('participation_count').execute();
	await db.schema.dropTable('participation_span').execute();
}
