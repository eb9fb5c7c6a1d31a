import type { Kysely } from 'kysely';

// Goals of participants and informal moments logged by facilitators. Salon-de-thé moments are not
// stored: they are computed on read from the salon presences (so an erasure there is followed here).
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema of its day, not on today's Database type
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('goal')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('cohort_id', 'text', (c) => c.notNull().references('cohort.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('category', 'text', (c) => c.notNull())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('target_date', 'text')
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn('achieved_at', 'bigint')
		.addColumn('created_by', 'text', (c) => c.references('user.id').onDelete('set null'))
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.addColumn('updated_at', 'bigint', (c) => c.notNull())
		.addColumn('celebration_seen_at', 'bigint')
		.execute();
	await db.schema.createIndex('goal_person_idx').on('goal').columns(['user_id', 'cohort_id']).execute();

	await db.schema
		.createTable('informal_moment')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('cohort_id', 'text', (c) => c.notNull().references('cohort.id').onDelete('cascade'))
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('starts_at', 'bigint', (c) => c.notNull())
		.addColumn('duration_minutes', 'integer', (c) => c.notNull())
		.addColumn('note', 'text', (c) => c.notNull())
		.addColumn('logged_by', 'text', (c) => c.references('user.id').onDelete('set null'))
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('informal_moment_cohort_idx')
		.on('informal_moment')
		.columns(['cohort_id', 'starts_at'])
		.execute();

	await db.schema
		.createTable('informal_moment_person')
		.addColumn('moment_id', 'text', (c) => c.notNull().references('informal_moment.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
		.addPrimaryKeyConstraint('informal_moment_person_pk', ['moment_id', 'user_id'])
		.execute();
	await db.schema
		.createIndex('informal_moment_person_user_idx')
		.on('informal_moment_person')
		.column('user_id')
		.execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema of its day, not on today's Database type
export async function down(db: Kysely<any>): Promise<void> {
	for (const table of ['informal_moment_person', 'informal_moment', 'goal']) await db.schema.dropTable(table).execute();
}
