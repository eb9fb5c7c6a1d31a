/** The autonomy ladder's tables (migration 0007-autonomy). */
export type AutonomyStage = 'intake' | 'mid' | 'end';

export interface AutonomyAssessmentTable {
	id: string;
	cohort_id: string;
	person_id: string;
	stage: AutonomyStage;
	/** 'YYYY-MM-DD', the club's day of the conversation. */
	day: string;
	/** Who recorded (or last edited) it: a facilitator of the cohort. */
	facilitator_id: string;
	/** The facilitator's note; empty when none (emptied on erasure). */
	note: string;
	created_at: number;
	updated_at: number;
}

export interface AutonomyScoreTable {
	assessment_id: string;
	/** One of AUTONOMY_DIMENSIONS (reference data in code). */
	dimension: string;
	/** 1..5, written by the cohort's facilitators only; null = not assessed. */
	facilitator_level: number | null;
	/** 1..5, written by the person only; null = no view given yet. */
	self_level: number | null;
	self_at: number | null;
}

export interface AutonomyObservationTable {
	id: string;
	cohort_id: string;
	person_id: string;
	dimension: string;
	note: string;
	observed_at: number;
	observer_id: string;
}

export interface AutonomyTables {
	autonomy_assessment: AutonomyAssessmentTable;
	autonomy_score: AutonomyScoreTable;
	autonomy_observation: AutonomyObservationTable;
}
