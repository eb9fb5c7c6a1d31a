import type { Kysely } from 'kysely';

// Breakouts for real facilitation (issue 14): the facilitator's message and timer to every group (one row per
// activity, so a page that joins or reloads late still shows them), and the help calls from the groups (one
// row each, to be shown to the facilitator until they visit the group or dismiss it, and rate-limited per
// person from the same rows). A facilitator's visit to a group is a `breakout` row of their own.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema of its day, not on today's Database type
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('breakout_board')
		.addColumn('activity_id', 'text', (c) => c.primaryKey().references('activity.id').onDelete('cascade'))
		.addColumn('message', 'text', (c) => c.notNull())
		.addColumn('timer_minutes', 'integer')
		.addColumn('timer_ends_at', 'bigint')
		.addColumn('updated_by', 'text', (c) => c.notNull().references('user.id'))
		.addColumn('updated_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema
		.createTable('breakout_help')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('activity_id', 'text', (c) => c.notNull().references('activity.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
		.addColumn('group_number', 'integer', (c) => c.notNull())
		.addColumn('called_at', 'bigint', (c) => c.notNull())
		.addColumn('cleared_at', 'bigint')
		.execute();
	await db.schema
		.createIndex('breakout_help_person')
		.on('breakout_help')
		.columns(['activity_id', 'user_id', 'called_at'])
		.execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema of its day, not on today's Database type
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('breakout_help').execute();
	await db.schema.dropTable('breakout_board').execute();
}
