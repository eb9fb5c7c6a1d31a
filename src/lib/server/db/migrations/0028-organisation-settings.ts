import type { Kysely } from 'kysely';

// Organisation settings the admin edits (issue 11, item 8): the attendance threshold (present = attended at
// least this share of a session; the director's completion rate uses it too) and the minutes after the start
// past which an arrival is late (LiveKit's register and the QR check-in). The defaults are the values the code
// used until now (85 % and 10 minutes). The threshold moves here from the programme (0012): no page ever set a
// programme's own, every programme held the default, and one rule per organisation is what the admin edits.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema of its day, not on today's Database type
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.alterTable('organisation')
		.addColumn('attendance_threshold_percent', 'integer', (c) => c.notNull().defaultTo(85))
		.execute();
	await db.schema
		.alterTable('organisation')
		.addColumn('late_after_minutes', 'integer', (c) => c.notNull().defaultTo(10))
		.execute();
	await db.schema.alterTable('programme').dropColumn('attendance_threshold_percent').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema of its day, not on today's Database type
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema
		.alterTable('programme')
		.addColumn('attendance_threshold_percent', 'integer', (c) => c.notNull().defaultTo(85))
		.execute();
	await db.schema.alterTable('organisation').dropColumn('late_after_minutes').execute();
	await db.schema.alterTable('organisation').dropColumn('attendance_threshold_percent').execute();
}
