import type { Kysely } from 'kysely';

// The group's charter (written with the participants, kept by a facilitator) and each member's acceptance.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema of its day, not on today's Database type
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('charter')
		.addColumn('cohort_id', 'text', (c) => c.primaryKey().references('cohort.id').onDelete('cascade'))
		.addColumn('body', 'text', (c) => c.notNull())
		// Bumped at each change of the text: an acceptance holds for the version that was read.
		.addColumn('version', 'integer', (c) => c.notNull())
		.addColumn('updated_by', 'text', (c) => c.notNull().references('user.id'))
		.addColumn('updated_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema
		.createTable('charter_acceptance')
		.addColumn('cohort_id', 'text', (c) => c.notNull().references('cohort.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
		.addColumn('version', 'integer', (c) => c.notNull())
		.addColumn('accepted_at', 'bigint', (c) => c.notNull())
		.addPrimaryKeyConstraint('charter_acceptance_pk', ['cohort_id', 'user_id'])
		.execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema of its day, not on today's Database type
export async function down(db: Kysely<any>): Promise<void> {
	for (const table of ['charter_acceptance', 'charter']) await db.schema.dropTable(table).execute();
}
