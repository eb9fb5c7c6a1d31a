import { sql, type Kysely } from 'kysely';

// The director's page keeps what it computed from the rollups (issue 13, scale) and must know, cheaply and
// exactly, when a cohort's rollup rows changed: every refresh (insights/rollups.ts) writes a new random
// refresh_id, never one used before, so equal ids mean equal rows — across app instances and even when a
// transaction that refreshed was rolled back. Rows from before take a distinct id of their own.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema of its day, not on today's Database type
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('insights_cohort').addColumn('refresh_id', 'text').execute();
	await db
		.updateTable('insights_cohort')
		.set({ refresh_id: sql`'0017:' || cohort_id` })
		.execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema of its day, not on today's Database type
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('insights_cohort').dropColumn('refresh_id').execute();
}
