import type { PersonDataSection } from '#lib/server/privacy/person-data.ts';

/**
 * Device checks and digital-skill evidence (with the facilitators' notes on adjustments). On erasure
 * the levels, sources and times stay for the figures; the notes — free text about the person, or
 * written by them as a facilitator — go.
 */
export const skillsPersonData: PersonDataSection = {
	key: 'digitalSkills',
	collect: async (db, userId) => ({
		deviceChecks: await db
			.selectFrom('device_check')
			.select(['result', 'camera', 'microphone', 'speaker', 'at'])
			.where('user_id', '=', userId)
			.orderBy('at')
			.execute(),
		evidence: await db
			.selectFrom('skill_evidence')
			.leftJoin('skill_evidence_note', 'skill_evidence_note.evidence_id', 'skill_evidence.id')
			.select([
				'skill_evidence.skill_id',
				'skill_evidence.level',
				'skill_evidence.source',
				'skill_evidence.event',
				'skill_evidence.recorded_by',
				'skill_evidence.at',
				'skill_evidence_note.note'
			])
			.where('skill_evidence.user_id', '=', userId)
			.orderBy('skill_evidence.at')
			.execute()
	}),
	erase: async (trx, userId) => {
		const ids = trx
			.selectFrom('skill_evidence')
			.select('id')
			.where((eb) => eb.or([eb('user_id', '=', userId), eb('recorded_by', '=', userId)]));
		await trx.deleteFrom('skill_evidence_note').where('evidence_id', 'in', ids).execute();
	}
};
