import { sql, type Kysely } from 'kysely';

// At most one current record (superseded_at null) per person, cohort and checkpoint: the background job
// that closes checkpoints as "sans nouvelles" may run on several app instances at once, and an answer
// replacing another must never leave two current ones.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema of its day, not on today's Database type
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createIndex('outcome_record_current_uq')
		.on('outcome_record')
		.columns(['cohort_id', 'user_id', 'checkpoint'])
		.unique()
		.where(sql.ref('superseded_at'), 'is', null)
		.execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema of its day, not on today's Database type
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropIndex('outcome_record_current_uq').execute();
}
