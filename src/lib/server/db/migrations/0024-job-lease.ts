import type { Kysely } from 'kysely';

// Background work with several app instances (issue 17): each loop (reminders and follow-ups, LiveKit
// reconciliation, the upload sweep) runs on the one instance that holds its lease. A lease is a row per
// loop: who holds it and until when; the holder renews it on each tick, another instance takes it over
// only once it has expired (a holder that died) or was released (a holder that stopped).
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema of its day, not on today's Database type
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('job_lease')
		.addColumn('name', 'text', (c) => c.primaryKey())
		.addColumn('holder', 'text', (c) => c.notNull())
		.addColumn('expires_at', 'bigint', (c) => c.notNull())
		.addColumn('runs', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema of its day, not on today's Database type
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('job_lease').execute();
}
