import type { Generated } from 'kysely';

/** The director's figures kept up to date on write (migration 0017-insights-rollups; insights/rollups.ts). */

/** A cohort's rollup: what depends on the cohort only, and the instants the person rows hold for. */
export interface InsightsCohortTable {
	cohort_id: string;
	/** Minutes of the required, not cancelled activities begun at computed_at whose register was taken. */
	scheduled_minutes: number;
	/** Required, not cancelled activities begun at computed_at with no attendance row at all (migration 0021). */
	sessions_without_register: Generated<number>;
	computed_at: number;
	/** The rows hold for every instant in [valid_from, valid_until); null = no bound. */
	valid_from: number | null;
	valid_until: number | null;
	/** New and random at every refresh (migration 0018): equal ids, equal rows (the page's cache key). */
	refresh_id: string | null;
}

/** One participant's facts in one cohort, as insights/facts.ts aggregates them (PersonFacts). */
export interface InsightsPersonTable {
	cohort_id: string;
	user_id: string;
	started: number;
	present_seconds: number;
	handin_on_time: number;
	handin_late: number;
	handin_missing: number;
	all_core_autonomous: number;
	moved_up_observed: number;
	moved_up_all: number;
	not_yet_on_entry: number;
	gain_job_search: number | null;
	gain_paperwork: number | null;
	gain_digital: number | null;
	gain_mobility: number | null;
	gain_time: number | null;
	gain_group: number | null;
	goals_set: number;
	goals_achieved: number;
	informal_minutes: number;
	device_check_week_one: number;
	has_profile: number;
	age_band: string | null;
	education_level: string | null;
	out_of_work: string | null;
	/** JSON lists of strings. */
	benefits: string;
	obstacles: string;
	outcome_exit: string;
	outcome_m3: string;
	outcome_m6: string;
}

/**
 * A cohort whose live attendance changed since its rollup was computed (migration 0027): its rollup does not
 * hold until the background refresh clears the mark.
 */
export interface InsightsPendingTable {
	cohort_id: string;
	/** What changed: a person's id, or a room's name for a change to everyone in it. */
	source: string;
	marked_at: number;
}

export interface InsightsTables {
	insights_cohort: InsightsCohortTable;
	insights_person: InsightsPersonTable;
	insights_pending: InsightsPendingTable;
}
