import type { Generated } from 'kysely';

/** The intake profile (migration 0006-privacy). Sensitive: read and written only through src/lib/server/profiles. */
export interface ProfileTable {
	user_id: string;
	age_band: string | null;
	education_level: string | null;
	out_of_work: string | null;
	/** JSON array of benefit codes. */
	benefits: Generated<string>;
	referred_by: string | null;
	referred_note: Generated<string>;
	/** JSON array of obstacle codes. */
	obstacles: Generated<string>;
	obstacles_note: Generated<string>;
	mobility_km: number | null;
	preferences: Generated<string>;
	target: string | null;
	target_note: Generated<string>;
	consent: Generated<number>;
	consent_at: number | null;
	consent_how: string | null;
	consent_by: string | null;
	updated_at: number;
	updated_by: string;
}

export interface PrivacyTables {
	profile: ProfileTable;
}
