import type { Kysely } from 'kysely';

// Programmes (issue 11, item 7):
// - an async block carries the work every cohort made from it receives: instructions, an optional link, and
//   how many days after the block's day it is due (0: at the block's end, as before);
// - a programme's blocks keep an explicit order, `position`, which the editor moves up and down. Until now
//   the page sorted by day, time, then position; positions are renumbered in that order here, so every
//   existing programme reads as it did;
// - an active invite can be shown again: its plain token is kept while it can still be used, and wiped when
//   it is revoked, used up or found expired (invites.ts). Invites made before this have none: they are said
//   to be "not shown again" and can still be revoked.
// One column per statement: SQLite adds a single column per ALTER TABLE.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema of its day, not on today's Database type
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.alterTable('programme_block')
		.addColumn('instructions', 'text', (c) => c.notNull().defaultTo(''))
		.execute();
	await db.schema.alterTable('programme_block').addColumn('link', 'text').execute();
	await db.schema
		.alterTable('programme_block')
		.addColumn('due_offset_days', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();
	await db.schema.alterTable('invite').addColumn('token', 'text').execute();

	const blocks: { id: string; programme_id: string }[] = await db
		.selectFrom('programme_block')
		.select(['id', 'programme_id'])
		.orderBy('programme_id')
		.orderBy('day_offset')
		.orderBy('start_time')
		.orderBy('position')
		.orderBy('id')
		.execute();
	let programme = '';
	let position = 0;
	for (const block of blocks) {
		if (block.programme_id !== programme) [programme, position] = [block.programme_id, 0];
		await db.updateTable('programme_block').set({ position: position++ }).where('id', '=', block.id).execute();
	}
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema of its day, not on today's Database type
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('invite').dropColumn('token').execute();
	await db.schema.alterTable('programme_block').dropColumn('due_offset_days').execute();
	await db.schema.alterTable('programme_block').dropColumn('link').execute();
	await db.schema.alterTable('programme_block').dropColumn('instructions').execute();
}
