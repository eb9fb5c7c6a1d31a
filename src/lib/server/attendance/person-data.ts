import type { PersonDataSection } from '#lib/server/privacy/person-data.ts';

/**
 * Attendance and presence in rooms. Kept on erasure: they hold only ids and times, and the cohort's
 * figures (minutes attended, time in the salon) rest on them.
 */
export const attendancePersonData: PersonDataSection = {
	key: 'attendance',
	collect: async (db, userId) => ({
		attendance: await db
			.selectFrom('attendance')
			.select([
				'activity_id',
				'mode',
				'source',
				'seconds',
				'first_joined_at',
				'last_left_at',
				'marked_by',
				'updated_at'
			])
			.where('user_id', '=', userId)
			.orderBy('activity_id')
			.execute(),
		presence: await db
			.selectFrom('presence')
			.select(['room_name', 'cohort_id', 'activity_id', 'kind', 'joined_at', 'left_at', 'last_seen_at'])
			.where('user_id', '=', userId)
			.orderBy('joined_at')
			.execute(),
		roomReports: await db
			.selectFrom('room_report')
			.select(['room_name', 'mode', 'quality', 'poor_reports', 'reports', 'at'])
			.where('user_id', '=', userId)
			.execute(),
		breakouts: await db
			.selectFrom('breakout')
			.select(['activity_id', 'group_number', 'room_name', 'created_at'])
			.where('user_id', '=', userId)
			.execute()
	}),
	erase: async () => {}
};
