import type { Kysely } from 'kysely';

// A document on a programme's async block (issue 11, item 7): written once in the programme, it is copied into
// each cohort made from it (a file of its own per cohort's assignment, so that replacing or removing one never
// touches another). The columns mirror the assignment's attachment. One column per statement: SQLite adds a
// single column per ALTER TABLE, and takes no UNIQUE there (hence the index).
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema of its day, not on today's Database type
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('programme_block').addColumn('attachment_id', 'text').execute();
	await db.schema.alterTable('programme_block').addColumn('attachment_name', 'text').execute();
	await db.schema.alterTable('programme_block').addColumn('attachment_mime', 'text').execute();
	await db.schema.alterTable('programme_block').addColumn('attachment_size', 'integer').execute();
	await db.schema.alterTable('programme_block').addColumn('attachment_sha256', 'text').execute();
	await db.schema
		.createIndex('programme_block_attachment_id')
		.on('programme_block')
		.column('attachment_id')
		.unique()
		.execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema of its day, not on today's Database type
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropIndex('programme_block_attachment_id').execute();
	for (const column of ['attachment_sha256', 'attachment_size', 'attachment_mime', 'attachment_name', 'attachment_id'])
		await db.schema.alterTable('programme_block').dropColumn(column).execute();
}
