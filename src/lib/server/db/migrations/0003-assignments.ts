import type { Kysely } from 'kysely';

// Assignments (the instructions of an async activity) and what participants hand in. File bytes live
// on disk under DATA_DIR/uploads (named by their random id); rows keep name, type, size and hash.
// Portable types only: text, integer, bigint.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema of its day, not on today's Database type
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('assignment')
		.addColumn('activity_id', 'text', (c) => c.primaryKey().references('activity.id').onDelete('cascade'))
		.addColumn('instructions', 'text', (c) => c.notNull())
		.addColumn('link', 'text')
		// One optional file from the facilitator; its id is also its name on disk.
		.addColumn('attachment_id', 'text', (c) => c.unique())
		.addColumn('attachment_name', 'text')
		.addColumn('attachment_mime', 'text')
		.addColumn('attachment_size', 'integer')
		.addColumn('attachment_sha256', 'text')
		.addColumn('due_at', 'bigint', (c) => c.notNull())
		.addColumn('mode', 'text', (c) => c.notNull())
		.addColumn('group_size', 'integer')
		.addColumn('updated_by', 'text', (c) => c.references('user.id').onDelete('set null'))
		.addColumn('updated_at', 'bigint', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('submission')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('activity_id', 'text', (c) => c.notNull().references('activity.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
		.addColumn('version', 'integer', (c) => c.notNull())
		.addColumn('text', 'text', (c) => c.notNull())
		.addColumn('status', 'text', (c) => c.notNull())
		// Chosen by the phone for one draft: a send retried after a lost answer finds its submission.
		.addColumn('client_ref', 'text')
		.addColumn('submitted_at', 'bigint', (c) => c.notNull())
		.addColumn('feedback', 'text')
		.addColumn('feedback_by', 'text', (c) => c.references('user.id').onDelete('set null'))
		.addColumn('feedback_at', 'bigint')
		// Two sends racing for the same version: the second collides here.
		.addUniqueConstraint('submission_version_uq', ['activity_id', 'user_id', 'version'])
		.addUniqueConstraint('submission_client_ref_uq', ['activity_id', 'user_id', 'client_ref'])
		.execute();
	await db.schema.createIndex('submission_user_idx').on('submission').columns(['user_id', 'activity_id']).execute();

	await db.schema
		.createTable('submission_file')
		.addColumn('id', 'text', (c) => c.primaryKey()) // also its name on disk
		.addColumn('submission_id', 'text', (c) => c.notNull().references('submission.id').onDelete('cascade'))
		.addColumn('position', 'integer', (c) => c.notNull())
		.addColumn('original_name', 'text', (c) => c.notNull())
		.addColumn('mime', 'text', (c) => c.notNull())
		.addColumn('size', 'integer', (c) => c.notNull())
		.addColumn('sha256', 'text', (c) => c.notNull())
		.addColumn('width', 'integer')
		.addColumn('height', 'integer')
		.addColumn('source', 'text', (c) => c.notNull())
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('submission_file_submission_idx').on('submission_file').column('submission_id').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema of its day, not on today's Database type
export async function down(db: Kysely<any>): Promise<void> {
	for (const table of ['submission_file', 'submission', 'assignment']) await db.schema.dropTable(table).execute();
}
