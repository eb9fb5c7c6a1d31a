import type { Kysely } from 'kysely';

// Each device's push subscription keeps the language of the page it was made from, so a phone is told
// in its person's language (subscriptions made before this were French, the club's language).
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema of its day, not on today's Database type
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.alterTable('push_subscription')
		.addColumn('locale', 'text', (c) => c.notNull().defaultTo('fr'))
		.execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema of its day, not on today's Database type
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('push_subscription').dropColumn('locale').execute();
}
