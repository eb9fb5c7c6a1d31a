import type { Kysely } from 'kysely';

// Presence across a LiveKit node that dies (issue 17): a person's presence is one LiveKit session, known by the
// participant's sid. When the node hosting a room dies, the people reconnect onto another node as new sessions
// (new sids) and the surviving node reports the old sessions as gone only later, often after they came back:
// that late "left" must end the old session's presence, not the new one (null for presences from before). And it
// ends at its last sighting: the reconciler notes when LiveKit could not say whether the session was there
// (`unconfirmed_since`, cleared when it is seen again).
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema of its day, not on today's Database type
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('presence').addColumn('participant_sid', 'text').execute();
	await db.schema.alterTable('presence').addColumn('unconfirmed_since', 'bigint').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema of its day, not on today's Database type
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('presence').dropColumn('unconfirmed_since').execute();
	await db.schema.alterTable('presence').dropColumn('participant_sid').execute();
}
