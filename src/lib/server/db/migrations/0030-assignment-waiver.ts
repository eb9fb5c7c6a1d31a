import type { Kysely } from 'kysely';

// Late work stays in the participant's "À faire" until it is handed in or the facilitator lets the person off
// it (issue 11): a waiver per person and assignment, with who gave it, when and why. A waived assignment is
// no longer expected of that person: not late on any list, and not "missing" in the director's figures.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema of its day, not on today's Database type
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('assignment_waiver')
		.addColumn('activity_id', 'text', (c) => c.notNull().references('activity.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
		.addColumn('waived_by', 'text', (c) => c.notNull().references('user.id'))
		.addColumn('waived_at', 'bigint', (c) => c.notNull())
		.addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
		.addPrimaryKeyConstraint('assignment_waiver_pk', ['activity_id', 'user_id'])
		.execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema of its day, not on today's Database type
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('assignment_waiver').execute();
}
