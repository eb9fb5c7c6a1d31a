import type { Kysely } from 'kysely';

// In-person check-in by QR (issue 14): the code an activity's facilitator screen shows now. One row per
// activity: a new code replaces the previous one, so a photographed code stops working when it changes.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema of its day, not on today's Database type
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('checkin_code')
		.addColumn('activity_id', 'text', (c) => c.primaryKey().references('activity.id').onDelete('cascade'))
		.addColumn('code', 'text', (c) => c.notNull())
		.addColumn('issued_at', 'bigint', (c) => c.notNull())
		.addColumn('issued_by', 'text', (c) => c.notNull().references('user.id'))
		.execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema of its day, not on today's Database type
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('checkin_code').execute();
}
