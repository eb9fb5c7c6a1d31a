import type { Kysely } from 'kysely';

// Digital skills (issue 5): the short note a facilitator gives with an adjustment of a skill level.
// The adjustment itself is a skill_evidence row (source facilitator, recorded_by); the note is kept
// apart so that erasing a person removes the free text and keeps the levels. Portable types only.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema of its day, not on today's Database type
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('skill_evidence_note')
		.addColumn('evidence_id', 'text', (c) => c.primaryKey().references('skill_evidence.id').onDelete('cascade'))
		.addColumn('note', 'text', (c) => c.notNull())
		.execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema of its day, not on today's Database type
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('skill_evidence_note').execute();
}
