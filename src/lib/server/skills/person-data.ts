import type { PersonDataSection } from '../privacy/person-data.ts';

/** Device checks and digital-skill evidence: ids, levels and times only, kept on erasure for the figures. */
export const skillsPersonData: PersonDataSection = {
	key: 'digitalSkills',
	collect: async (db, userId) => ({
		deviceChecks: await db.selectFrom('device_check').select(['result', 'camera', 'microphone', 'speaker', 'at']).where('user_id', '=', userId).orderBy('at').execute(),
		evidence: await db
			.selectFrom('skill_evidence')
			.select(['skill_id', 'level', 'source', 'event', 'recorded_by', 'at'])
			.where('user_id', '=', userId)
			.orderBy('at')
			.execute()
	}),
	erase: async () => {}
};
