/** The group's charter and who accepted which version of it (migration 0010-charter). */
export interface CharterTable {
	cohort_id: string;
	body: string;
	version: number;
	updated_by: string;
	updated_at: number;
}

export interface CharterAcceptanceTable {
	cohort_id: string;
	user_id: string;
	version: number;
	accepted_at: number;
}

export interface CharterTables {
	charter: CharterTable;
	charter_acceptance: CharterAcceptanceTable;
}
