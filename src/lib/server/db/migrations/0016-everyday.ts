import type { Kysely } from 'kysely';

// A club's everyday (issue 11):
// - attendance: a facilitator's mark says "late" and may give the minutes present (in person, by phone);
// - activity: where an in-person activity happens, and what to do instead when the video is unavailable;
// - user: a participant's PIN reset by a facilitator or an admin is a one-time code, changed at the next login.
// One column per statement: SQLite adds a single column per ALTER TABLE.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema of its day, not on today's Database type
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.alterTable('attendance')
		.addColumn('late', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();
	await db.schema.alterTable('attendance').addColumn('marked_minutes', 'integer').execute();
	await db.schema
		.alterTable('activity')
		.addColumn('place', 'text', (c) => c.notNull().defaultTo(''))
		.execute();
	await db.schema
		.alterTable('activity')
		.addColumn('fallback', 'text', (c) => c.notNull().defaultTo(''))
		.execute();
	await db.schema.alterTable('user').addColumn('pin_reset_at', 'bigint').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema of its day, not on today's Database type
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('user').dropColumn('pin_reset_at').execute();
	await db.schema.alterTable('activity').dropColumn('fallback').execute();
	await db.schema.alterTable('activity').dropColumn('place').execute();
	await db.schema.alterTable('attendance').dropColumn('marked_minutes').execute();
	await db.schema.alterTable('attendance').dropColumn('late').execute();
}
