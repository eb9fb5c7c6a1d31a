import type { Kysely } from 'kysely';

// The intake profile of a person (administrative criteria, the facilitator's profiling, consent).
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema of its day, not on today's Database type
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('profile')
		.addColumn('user_id', 'text', (c) => c.primaryKey().references('user.id').onDelete('cascade'))
		// Administrative criteria: closed lists (null: not known yet).
		.addColumn('age_band', 'text')
		.addColumn('education_level', 'text')
		.addColumn('out_of_work', 'text')
		// JSON array of benefit codes.
		.addColumn('benefits', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('referred_by', 'text')
		.addColumn('referred_note', 'text', (c) => c.notNull().defaultTo(''))
		// The facilitator's profiling. Obstacles: JSON array of codes.
		.addColumn('obstacles', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('obstacles_note', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('mobility_km', 'integer')
		.addColumn('preferences', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('target', 'text')
		.addColumn('target_note', 'text', (c) => c.notNull().defaultTo(''))
		// Consent: 0/1, when, how ('paper' | 'oral' | 'app'), recorded by whom.
		.addColumn('consent', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('consent_at', 'bigint')
		.addColumn('consent_how', 'text')
		.addColumn('consent_by', 'text', (c) => c.references('user.id'))
		.addColumn('updated_at', 'bigint', (c) => c.notNull())
		.addColumn('updated_by', 'text', (c) => c.notNull().references('user.id'))
		.execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema of its day, not on today's Database type
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('profile').execute();
}
