import type { Kysely } from 'kysely';

// Live rooms: the webhook log, presence intervals, attendance, connection reports, breakouts,
// device checks and the first skill evidence observed in rooms. Portable types only.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema of its day, not on today's Database type
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('room_event')
		.addColumn('id', 'text', (c) => c.primaryKey()) // LiveKit's event id: a replay collides here
		.addColumn('event', 'text', (c) => c.notNull())
		.addColumn('room_name', 'text')
		.addColumn('participant_identity', 'text')
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.addColumn('received_at', 'bigint', (c) => c.notNull())
		.addColumn('body', 'text', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('room_event_room_idx').on('room_event').columns(['room_name', 'created_at']).execute();

	await db.schema
		.createTable('presence')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('room_name', 'text', (c) => c.notNull())
		.addColumn('cohort_id', 'text', (c) => c.notNull().references('cohort.id').onDelete('cascade'))
		.addColumn('activity_id', 'text', (c) => c.references('activity.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('joined_at', 'bigint', (c) => c.notNull())
		.addColumn('left_at', 'bigint')
		.addColumn('last_seen_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('presence_room_user_idx').on('presence').columns(['room_name', 'user_id']).execute();
	await db.schema
		.createIndex('presence_activity_user_idx')
		.on('presence')
		.columns(['activity_id', 'user_id'])
		.execute();
	await db.schema.createIndex('presence_cohort_idx').on('presence').columns(['cohort_id', 'kind']).execute();

	await db.schema
		.createTable('attendance')
		.addColumn('activity_id', 'text', (c) => c.notNull().references('activity.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
		.addColumn('mode', 'text', (c) => c.notNull())
		.addColumn('source', 'text', (c) => c.notNull())
		.addColumn('seconds', 'integer', (c) => c.notNull())
		.addColumn('first_joined_at', 'bigint')
		.addColumn('last_left_at', 'bigint')
		.addColumn('marked_by', 'text', (c) => c.references('user.id').onDelete('set null'))
		.addColumn('updated_at', 'bigint', (c) => c.notNull())
		.addPrimaryKeyConstraint('attendance_pk', ['activity_id', 'user_id'])
		.execute();

	await db.schema
		.createTable('room_report')
		.addColumn('room_name', 'text', (c) => c.notNull())
		.addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
		.addColumn('mode', 'text', (c) => c.notNull())
		.addColumn('quality', 'text', (c) => c.notNull())
		.addColumn('poor_reports', 'integer', (c) => c.notNull())
		.addColumn('reports', 'integer', (c) => c.notNull())
		.addColumn('at', 'bigint', (c) => c.notNull())
		.addPrimaryKeyConstraint('room_report_pk', ['room_name', 'user_id'])
		.execute();

	await db.schema
		.createTable('breakout')
		.addColumn('activity_id', 'text', (c) => c.notNull().references('activity.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
		.addColumn('group_number', 'integer', (c) => c.notNull())
		.addColumn('room_name', 'text', (c) => c.notNull())
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.addPrimaryKeyConstraint('breakout_pk', ['activity_id', 'user_id'])
		.execute();

	await db.schema
		.createTable('device_check')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
		.addColumn('result', 'text', (c) => c.notNull())
		.addColumn('camera', 'integer', (c) => c.notNull())
		.addColumn('microphone', 'integer', (c) => c.notNull())
		.addColumn('speaker', 'integer', (c) => c.notNull())
		.addColumn('at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('device_check_user_idx').on('device_check').column('user_id').execute();

	await db.schema
		.createTable('skill_evidence')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
		.addColumn('skill_id', 'text', (c) => c.notNull().references('digital_skill.id'))
		.addColumn('level', 'text', (c) => c.notNull())
		.addColumn('source', 'text', (c) => c.notNull())
		.addColumn('event', 'text', (c) => c.notNull())
		.addColumn('event_ref', 'text')
		.addColumn('recorded_by', 'text', (c) => c.references('user.id').onDelete('set null'))
		.addColumn('at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('skill_evidence_user_idx')
		.on('skill_evidence')
		.columns(['user_id', 'skill_id'])
		.execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema of its day, not on today's Database type
export async function down(db: Kysely<any>): Promise<void> {
	for (const table of [
		'skill_evidence',
		'device_check',
		'breakout',
		'room_report',
		'attendance',
		'presence',
		'room_event'
	]) {
		await db.schema.dropTable(table).execute();
	}
}
