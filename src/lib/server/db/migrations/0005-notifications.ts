import type { Kysely } from 'kysely';

// Notifications (in the app and by web push), reminders sent exactly once, private calendar feeds.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema of its day, not on today's Database type
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('notification')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('params', 'text', (c) => c.notNull())
		.addColumn('href', 'text', (c) => c.notNull())
		// Set for notifications that must exist once only (a reminder per person per rule): a second insert collides.
		.addColumn('dedupe_key', 'text', (c) => c.unique())
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.addColumn('read_at', 'bigint')
		.addColumn('pushed_at', 'bigint')
		.execute();
	await db.schema.createIndex('notification_user_idx').on('notification').columns(['user_id', 'created_at']).execute();

	await db.schema
		.createTable('push_subscription')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
		.addColumn('endpoint', 'text', (c) => c.notNull().unique())
		.addColumn('p256dh', 'text', (c) => c.notNull())
		.addColumn('auth', 'text', (c) => c.notNull())
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.addColumn('last_sent_at', 'bigint')
		.addColumn('failures', 'integer', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('push_subscription_user_idx').on('push_subscription').column('user_id').execute();

	await db.schema
		.createTable('calendar_feed')
		.addColumn('user_id', 'text', (c) => c.primaryKey().references('user.id').onDelete('cascade'))
		.addColumn('token_hash', 'text', (c) => c.notNull().unique())
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema of its day, not on today's Database type
export async function down(db: Kysely<any>): Promise<void> {
	for (const table of ['calendar_feed', 'push_subscription', 'notification'])
		await db.schema.dropTable(table).execute();
}
