import type { Kysely } from 'kysely';

// Live attendance without the rollup in its transaction (issue 17, webhook throughput): a LiveKit webhook, a
// room report or the reconciler changes a person's minutes many times a second across a club; each used to
// recompute its cohort's rollup while holding the cohort's row lock. Now it only marks the cohort here, one row
// per cohort and source of the change (a person, or a room for a room-wide change: two people's webhooks never
// wait for each other); the director's page reads a marked cohort from its raw rows, and a background loop
// refreshes the marked cohorts' rollups and clears their marks (insights/rollups.ts).
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema of its day, not on today's Database type
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('insights_pending')
		.addColumn('cohort_id', 'text', (c) => c.notNull().references('cohort.id').onDelete('cascade'))
		.addColumn('source', 'text', (c) => c.notNull())
		.addColumn('marked_at', 'bigint', (c) => c.notNull())
		.addPrimaryKeyConstraint('insights_pending_pk', ['cohort_id', 'source'])
		.execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema of its day, not on today's Database type
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('insights_pending').execute();
}
