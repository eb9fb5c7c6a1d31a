import type { Kysely } from 'kysely';

// Shared notes of a live activity (issue 14): one row per activity that has notes. `state` is the merged Yjs
// document (base64 of Y.encodeStateAsUpdate: a CRDT, so concurrent edits never lose anyone's text), `text` its
// plain-text copy for reading after the activity and for exports. `participants_write`: whether the
// facilitators let the participants write too (0 = only facilitators, the default). No author is kept:
// the notes are the cohort's shared text, not anyone's personal data (the Yjs client ids are random).
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema of its day, not on today's Database type
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('activity_notes')
		.addColumn('activity_id', 'text', (c) => c.primaryKey().references('activity.id').onDelete('cascade'))
		.addColumn('state', 'text', (c) => c.notNull())
		.addColumn('text', 'text', (c) => c.notNull())
		.addColumn('participants_write', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('updated_at', 'bigint', (c) => c.notNull())
		.execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema of its day, not on today's Database type
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('activity_notes').execute();
}
