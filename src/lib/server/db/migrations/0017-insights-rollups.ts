import type { Kysely } from 'kysely';

// The director's figures kept up to date on write (issue 13, "rollups"): one row per cohort and one per
// participant of it, holding exactly the person-level facts the insights page aggregates. They are
// recomputed from the raw tables by refreshRollup (src/lib/server/insights/rollups.ts) in the transaction
// of every write that changes an input, and are valid for the instants in [valid_from, valid_until): the
// activities begun, the work due and the checkpoints reached do not change in that window.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema of its day, not on today's Database type
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('insights_cohort')
		.addColumn('cohort_id', 'text', (c) => c.primaryKey().references('cohort.id').onDelete('cascade'))
		.addColumn('scheduled_minutes', 'integer', (c) => c.notNull())
		.addColumn('computed_at', 'bigint', (c) => c.notNull())
		.addColumn('valid_from', 'bigint')
		.addColumn('valid_until', 'bigint')
		.execute();
	let person = db.schema
		.createTable('insights_person')
		.addColumn('cohort_id', 'text', (c) => c.notNull().references('cohort.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
		.addColumn('started', 'integer', (c) => c.notNull())
		.addColumn('present_seconds', 'bigint', (c) => c.notNull())
		.addColumn('handin_on_time', 'integer', (c) => c.notNull())
		.addColumn('handin_late', 'integer', (c) => c.notNull())
		.addColumn('handin_missing', 'integer', (c) => c.notNull())
		.addColumn('all_core_autonomous', 'integer', (c) => c.notNull())
		.addColumn('moved_up_observed', 'integer', (c) => c.notNull())
		.addColumn('moved_up_all', 'integer', (c) => c.notNull())
		.addColumn('not_yet_on_entry', 'integer', (c) => c.notNull());
	for (const dimension of ['job_search', 'paperwork', 'digital', 'mobility', 'time', 'group']) {
		person = person.addColumn(`gain_${dimension}`, 'integer');
	}
	await person
		.addColumn('goals_set', 'integer', (c) => c.notNull())
		.addColumn('goals_achieved', 'integer', (c) => c.notNull())
		.addColumn('informal_minutes', 'integer', (c) => c.notNull())
		.addColumn('device_check_week_one', 'integer', (c) => c.notNull())
		// The intake profile, only when the person consented to it (has_profile = 0 otherwise).
		.addColumn('has_profile', 'integer', (c) => c.notNull())
		.addColumn('age_band', 'text')
		.addColumn('education_level', 'text')
		.addColumn('out_of_work', 'text')
		.addColumn('benefits', 'text', (c) => c.notNull())
		.addColumn('obstacles', 'text', (c) => c.notNull())
		// The situation at each checkpoint: a recorded one, 'unknown' once due, 'not_due' before.
		.addColumn('outcome_exit', 'text', (c) => c.notNull())
		.addColumn('outcome_m3', 'text', (c) => c.notNull())
		.addColumn('outcome_m6', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('insights_person_pk', ['cohort_id', 'user_id'])
		.execute();
	await db.schema.createIndex('insights_person_user_idx').on('insights_person').column('user_id').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema of its day, not on today's Database type
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('insights_person').execute();
	await db.schema.dropTable('insights_cohort').execute();
}
