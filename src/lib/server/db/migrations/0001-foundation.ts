import type { Kysely } from 'kysely';

// Portable column types only (text, integer, bigint) so this runs on SQLite and PostgreSQL alike.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema of its day, not on today's Database type
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('organisation')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('time_zone', 'text', (c) => c.notNull())
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('user')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('organisation_id', 'text', (c) => c.notNull().references('organisation.id'))
		.addColumn('role', 'text', (c) => c.notNull())
		.addColumn('first_name', 'text', (c) => c.notNull())
		.addColumn('last_name', 'text')
		.addColumn('email', 'text', (c) => c.unique())
		.addColumn('password_hash', 'text')
		.addColumn('pin_hash', 'text')
		.addColumn('disabled_at', 'bigint')
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('session')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
		.addColumn('expires_at', 'bigint', (c) => c.notNull())
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('session_user_idx').on('session').column('user_id').execute();

	await db.schema
		.createTable('login_throttle')
		.addColumn('key', 'text', (c) => c.primaryKey())
		.addColumn('failures', 'integer', (c) => c.notNull())
		.addColumn('window_started_at', 'bigint', (c) => c.notNull())
		.addColumn('locked_until', 'bigint')
		.execute();

	await db.schema
		.createTable('digital_skill')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('area', 'text', (c) => c.notNull())
		.addColumn('digcomp_ref', 'text', (c) => c.notNull())
		.addColumn('position', 'integer', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('programme')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('organisation_id', 'text', (c) => c.notNull().references('organisation.id'))
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('description', 'text', (c) => c.notNull())
		.addColumn('created_by', 'text', (c) => c.notNull().references('user.id'))
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.addColumn('updated_at', 'bigint', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('programme_block')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('programme_id', 'text', (c) => c.notNull().references('programme.id').onDelete('cascade'))
		.addColumn('position', 'integer', (c) => c.notNull())
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('day_offset', 'integer', (c) => c.notNull())
		.addColumn('start_time', 'text', (c) => c.notNull())
		.addColumn('duration_minutes', 'integer', (c) => c.notNull())
		.addColumn('objectives', 'text', (c) => c.notNull())
		.addColumn('optional', 'integer', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('programme_block_programme_idx').on('programme_block').column('programme_id').execute();

	await db.schema
		.createTable('programme_block_skill')
		.addColumn('block_id', 'text', (c) => c.notNull().references('programme_block.id').onDelete('cascade'))
		.addColumn('skill_id', 'text', (c) => c.notNull().references('digital_skill.id'))
		.addPrimaryKeyConstraint('programme_block_skill_pk', ['block_id', 'skill_id'])
		.execute();

	await db.schema
		.createTable('cohort')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('organisation_id', 'text', (c) => c.notNull().references('organisation.id'))
		.addColumn('programme_id', 'text', (c) => c.references('programme.id').onDelete('set null'))
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('code', 'text', (c) => c.notNull().unique())
		.addColumn('start_date', 'text', (c) => c.notNull())
		.addColumn('end_date', 'text', (c) => c.notNull())
		.addColumn('modality', 'text', (c) => c.notNull())
		.addColumn('created_by', 'text', (c) => c.notNull().references('user.id'))
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('cohort_member')
		.addColumn('cohort_id', 'text', (c) => c.notNull().references('cohort.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
		.addColumn('role', 'text', (c) => c.notNull())
		.addColumn('name_key', 'text')
		.addColumn('peer_ambassador', 'integer', (c) => c.notNull())
		.addColumn('joined_at', 'bigint', (c) => c.notNull())
		.addPrimaryKeyConstraint('cohort_member_pk', ['cohort_id', 'user_id'])
		.addUniqueConstraint('cohort_member_name_key_uq', ['cohort_id', 'name_key'])
		.execute();
	await db.schema.createIndex('cohort_member_user_idx').on('cohort_member').column('user_id').execute();

	await db.schema
		.createTable('invite')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('cohort_id', 'text', (c) => c.notNull().references('cohort.id').onDelete('cascade'))
		.addColumn('token_hash', 'text', (c) => c.notNull().unique())
		.addColumn('max_uses', 'integer', (c) => c.notNull())
		.addColumn('uses', 'integer', (c) => c.notNull())
		.addColumn('expires_at', 'bigint', (c) => c.notNull())
		.addColumn('created_by', 'text', (c) => c.notNull().references('user.id'))
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.addColumn('revoked_at', 'bigint')
		.execute();

	await db.schema
		.createTable('activity')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('cohort_id', 'text', (c) => c.notNull().references('cohort.id').onDelete('cascade'))
		.addColumn('block_id', 'text', (c) => c.references('programme_block.id').onDelete('set null'))
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('starts_at', 'bigint', (c) => c.notNull())
		.addColumn('duration_minutes', 'integer', (c) => c.notNull())
		.addColumn('objectives', 'text', (c) => c.notNull())
		.addColumn('optional', 'integer', (c) => c.notNull())
		.addColumn('room_name', 'text', (c) => c.unique())
		.addColumn('cancelled_at', 'bigint')
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.addColumn('updated_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('activity_cohort_starts_idx')
		.on('activity')
		.columns(['cohort_id', 'starts_at'])
		.execute();

	await db.schema
		.createTable('activity_skill')
		.addColumn('activity_id', 'text', (c) => c.notNull().references('activity.id').onDelete('cascade'))
		.addColumn('skill_id', 'text', (c) => c.notNull().references('digital_skill.id'))
		.addPrimaryKeyConstraint('activity_skill_pk', ['activity_id', 'skill_id'])
		.execute();

	await db.schema
		.createTable('audit_log')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('at', 'bigint', (c) => c.notNull())
		.addColumn('actor_id', 'text')
		.addColumn('action', 'text', (c) => c.notNull())
		.addColumn('subject_type', 'text', (c) => c.notNull())
		.addColumn('subject_id', 'text', (c) => c.notNull())
		.addColumn('detail', 'text')
		.execute();
	await db.schema
		.createIndex('audit_log_subject_idx')
		.on('audit_log')
		.columns(['subject_type', 'subject_id'])
		.execute();

	// The DigComp-mapped catalogue is reference data: every instance has it from the start.
	const skills: Array<[string, string, string]> = [
		['join_video_call', 'communication', '2.1'],
		['camera_mic_toggle', 'communication', '2.1'],
		['use_chat', 'communication', '2.1'],
		['raise_hand', 'communication', '2.4'],
		['share_screen', 'communication', '2.2'],
		['send_document', 'communication', '2.2'],
		['photo_document', 'content', '3.1'],
		['read_answer_message', 'communication', '2.1'],
		['add_calendar_event', 'problem_solving', '5.2'],
		['install_app', 'problem_solving', '5.2'],
		['fill_online_form', 'information', '1.1'],
		['email_address', 'safety', '4.1'],
		['apply_online', 'information', '1.1']
	];
	await db
		.insertInto('digital_skill')
		.values(skills.map(([id, area, ref], position) => ({ id, area, digcomp_ref: ref, position })))
		.execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema of its day, not on today's Database type
export async function down(db: Kysely<any>): Promise<void> {
	for (const table of [
		'audit_log',
		'activity_skill',
		'activity',
		'invite',
		'cohort_member',
		'cohort',
		'programme_block_skill',
		'programme_block',
		'programme',
		'digital_skill',
		'login_throttle',
		'session',
		'user',
		'organisation'
	]) {
		await db.schema.dropTable(table).execute();
	}
}
