/** Tables of goals and informal moments (migration 0009-moments). */
export type GoalKind = 'step' | 'end';
export type GoalCategory = 'cv' | 'interview' | 'job' | 'training' | 'diploma' | 'digital' | 'other';
export type GoalStatus = 'planned' | 'in_progress' | 'achieved' | 'dropped';
export type MomentKind = 'ice_breaker' | 'coffee_break' | 'peer_help' | 'lunch' | 'conversation';

/** A small step or the end situation a participant aims at, in one cohort. */
export interface GoalTable {
	id: string;
	cohort_id: string;
	user_id: string;
	kind: GoalKind;
	category: GoalCategory;
	title: string;
	/** 'YYYY-MM-DD' or null. */
	target_date: string | null;
	status: GoalStatus;
	achieved_at: number | null;
	/** Who wrote it (the person, or a facilitator); null once that account is erased. */
	created_by: string | null;
	created_at: number;
	updated_at: number;
	/** When the person closed the "Bravo" banner for this achievement. */
	celebration_seen_at: number | null;
}

/** An informal moment logged by a facilitator (salon-de-thé moments are computed from presences). */
export interface InformalMomentTable {
	id: string;
	cohort_id: string;
	kind: MomentKind;
	starts_at: number;
	duration_minutes: number;
	note: string;
	logged_by: string | null;
	created_at: number;
}

export interface InformalMomentPersonTable {
	moment_id: string;
	user_id: string;
}

export interface MomentTables {
	goal: GoalTable;
	informal_moment: InformalMomentTable;
	informal_moment_person: InformalMomentPersonTable;
}
