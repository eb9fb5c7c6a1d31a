/** Tables of the digital-skill onboarding (migration 0008-skills). */

/** The facilitator's short note on an adjustment (a skill_evidence row of source facilitator). */
export interface SkillEvidenceNoteTable {
	evidence_id: string;
	note: string;
}

export interface SkillsTables {
	skill_evidence_note: SkillEvidenceNoteTable;
}
