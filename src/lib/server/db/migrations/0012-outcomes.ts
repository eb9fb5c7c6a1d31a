import type { Kysely } from 'kysely';

// Exits, follow-up checkpoints (+3, +6 months), contact attempts and the end-of-club questionnaire.
// Outcome records are append-only per checkpoint (superseded_at keeps the history of replaced answers).
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on the schema of their day, not today's Database type
export async function up(db: Kysely<any>): Promise<void> {
	// Per-programme settings: the attendance threshold (present / completion) and the follow-up calendar.
	for (const [column, value] of [
		['attendance_threshold_percent', 85],
		['follow_up_m3_days', 91],
		['follow_up_m6_days', 182],
		['follow_up_window_days', 30]
	] as const) {
		await db.schema
			.alterTable('programme')
			.addColumn(column, 'integer', (c) => c.notNull().defaultTo(value))
			.execute();
	}
	await db.schema
		.createTable('participant_exit')
		.addColumn('cohort_id', 'text', (c) => c.notNull().references('cohort.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
		.addColumn('exit_date', 'text', (c) => c.notNull())
		.addColumn('ending', 'text', (c) => c.notNull())
		.addColumn('early_reason', 'text')
		.addColumn('recorded_by', 'text', (c) => c.references('user.id').onDelete('set null'))
		.addColumn('recorded_at', 'bigint', (c) => c.notNull())
		.addPrimaryKeyConstraint('participant_exit_pk', ['cohort_id', 'user_id'])
		.execute();

	await db.schema
		.createTable('outcome_record')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('cohort_id', 'text', (c) => c.notNull().references('cohort.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
		.addColumn('checkpoint', 'text', (c) => c.notNull())
		.addColumn('situation', 'text', (c) => c.notNull())
		.addColumn('contract_band', 'text')
		.addColumn('source', 'text', (c) => c.notNull())
		.addColumn('recorded_by', 'text', (c) => c.references('user.id').onDelete('set null'))
		.addColumn('recorded_at', 'bigint', (c) => c.notNull())
		.addColumn('superseded_at', 'bigint')
		.addColumn('note', 'text')
		.execute();
	await db.schema
		.createIndex('outcome_record_person_idx')
		.on('outcome_record')
		.columns(['cohort_id', 'user_id', 'checkpoint'])
		.execute();

	await db.schema
		.createTable('follow_up_attempt')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('cohort_id', 'text', (c) => c.notNull().references('cohort.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
		.addColumn('checkpoint', 'text', (c) => c.notNull())
		.addColumn('channel', 'text', (c) => c.notNull())
		.addColumn('reached', 'integer', (c) => c.notNull())
		.addColumn('attempted_by', 'text', (c) => c.references('user.id').onDelete('set null'))
		.addColumn('attempted_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('follow_up_attempt_person_idx')
		.on('follow_up_attempt')
		.columns(['cohort_id', 'user_id', 'checkpoint'])
		.execute();

	await db.schema
		.createTable('questionnaire_response')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('cohort_id', 'text', (c) => c.notNull().references('cohort.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
		.addColumn('answers', 'text', (c) => c.notNull())
		.addColumn('named', 'integer', (c) => c.notNull())
		.addColumn('submitted_at', 'bigint', (c) => c.notNull())
		.addColumn('updated_at', 'bigint', (c) => c.notNull())
		.addUniqueConstraint('questionnaire_response_person_uq', ['cohort_id', 'user_id'])
		.execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
	for (const table of ['questionnaire_response', 'follow_up_attempt', 'outcome_record', 'participant_exit']) {
		await db.schema.dropTable(table).execute();
	}
}
