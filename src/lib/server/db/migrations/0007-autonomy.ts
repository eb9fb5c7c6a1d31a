import type { Kysely } from 'kysely';

// The autonomy ladder: one assessment per stage (intake, mid, end) of a person in a cohort, a level
// per dimension from the facilitator and, beside it, the person's own view; and quick observations
// recorded during a task. The dimensions and the ladder's wording live in code (see autonomy/ladder.ts).
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema of its day, not on today's Database type
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('autonomy_assessment')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('cohort_id', 'text', (c) => c.notNull().references('cohort.id').onDelete('cascade'))
		.addColumn('person_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
		.addColumn('stage', 'text', (c) => c.notNull())
		.addColumn('day', 'text', (c) => c.notNull())
		.addColumn('facilitator_id', 'text', (c) => c.notNull().references('user.id'))
		.addColumn('note', 'text', (c) => c.notNull())
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.addColumn('updated_at', 'bigint', (c) => c.notNull())
		// One assessment per stage: recording a stage again edits it.
		.addUniqueConstraint('autonomy_assessment_stage_uq', ['cohort_id', 'person_id', 'stage'])
		.execute();
	await db.schema
		.createTable('autonomy_score')
		.addColumn('assessment_id', 'text', (c) => c.notNull().references('autonomy_assessment.id').onDelete('cascade'))
		.addColumn('dimension', 'text', (c) => c.notNull())
		// The facilitator's level (1..5) and, separately, the person's own view: each side writes only its own.
		.addColumn('facilitator_level', 'integer')
		.addColumn('self_level', 'integer')
		.addColumn('self_at', 'bigint')
		.addPrimaryKeyConstraint('autonomy_score_pk', ['assessment_id', 'dimension'])
		.execute();
	await db.schema
		.createTable('autonomy_observation')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('cohort_id', 'text', (c) => c.notNull().references('cohort.id').onDelete('cascade'))
		.addColumn('person_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
		.addColumn('dimension', 'text', (c) => c.notNull())
		.addColumn('note', 'text', (c) => c.notNull())
		.addColumn('observed_at', 'bigint', (c) => c.notNull())
		.addColumn('observer_id', 'text', (c) => c.notNull().references('user.id'))
		.execute();
	await db.schema
		.createIndex('autonomy_observation_person_ix')
		.on('autonomy_observation')
		.columns(['cohort_id', 'person_id', 'observed_at'])
		.execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema of its day, not on today's Database type
export async function down(db: Kysely<any>): Promise<void> {
	for (const table of ['autonomy_observation', 'autonomy_score', 'autonomy_assessment'])
		await db.schema.dropTable(table).execute();
}
