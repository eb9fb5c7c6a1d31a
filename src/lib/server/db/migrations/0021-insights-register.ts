import type { Kysely } from 'kysely';

// Honest attendance (issue 13): an activity whose register was never taken (no attendance row for anyone) is
// "non renseigné", not everyone absent. A cohort's rollup now holds the minutes of the begun required
// activities whose register was taken (scheduled_minutes, same column, new meaning) and how many begun
// required activities have no register. The rows computed under the old meaning are dropped: until the
// next write refreshes a cohort (or `npm run db:migrate`, which rebuilds the missing ones), the page
// computes it from the raw rows, so no figure is ever read from a row of the old rule.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema of its day, not on today's Database type
export async function up(db: Kysely<any>): Promise<void> {
	await db.deleteFrom('insights_person').execute();
	await db.deleteFrom('insights_cohort').execute();
	await db.schema
		.alterTable('insights_cohort')
		.addColumn('sessions_without_register', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema of its day, not on today's Database type
export async function down(db: Kysely<any>): Promise<void> {
	await db.deleteFrom('insights_person').execute();
	await db.deleteFrom('insights_cohort').execute();
	await db.schema.alterTable('insights_cohort').dropColumn('sessions_without_register').execute();
}
