/**
 * The one closed list of situations a person can be in at exit, +3 and +6 months, and how each maps
 * to the categories funders report on. Shared by the server (records, figures) and the pages (labels
 * are Paraglide messages keyed by the situation id).
 *
 * Sources of the mapping:
 * - French integration categories, as used by the IAE / "Insertion par l'activité économique"
 *   reporting (DGEFP, instruction DGEFP/SDPAE/MIP n° 2017-245 and the ASP extranet IAE "sorties"):
 *   emploi durable = CDI, CDD or temporary work of 6 months or more, business creation, civil-service
 *   post; emploi de transition = CDD or temporary work under 6 months, subsidised contract (contrat
 *   aidé); sortie positive = qualifying training, apprenticeship / work-study, another integration
 *   structure; autres = still looking, inactive, other.
 * - EU ESF+ common result indicators, Regulation (EU) 2021/1057, Annex I points 1.2 (immediate:
 *   "participants in education or training upon leaving", "participants gaining a qualification
 *   upon leaving", "participants in employment, including self-employment, upon leaving") and
 *   Annex II (longer-term: "participants in employment, including self-employment, six months
 *   after leaving"); "job searching upon leaving" is the ESF+ immediate indicator for the
 *   inactive who engage in job searching.
 * "Sans nouvelles" (a checkpoint closed unanswered) and "inconnu" (nothing recorded yet) are values
 * of their own: never counted as success or failure.
 */
export const SITUATIONS = [
	'cdi',
	'fixed_term_long',
	'business_creation',
	'civil_service',
	'fixed_term_short',
	'subsidised_contract',
	'qualifying_training',
	'work_study',
	'integration_structure',
	'job_seeking',
	'inactive',
	'other'
] as const;
export type Situation = (typeof SITUATIONS)[number];

/** What a checkpoint holds: a situation, or "sans nouvelles" once closed unanswered. */
export type RecordedSituation = Situation | 'no_news';
/** What a figure reads for a person and a checkpoint: "inconnu" when nothing is recorded. */
export type SituationOrUnknown = RecordedSituation | 'unknown';

export type FrenchCategory = 'durable_employment' | 'transition_employment' | 'positive_exit' | 'other';
export type EsfIndicator = 'employed' | 'education_training' | 'job_searching' | 'none';

export const SITUATION_CATEGORY: Record<Situation, FrenchCategory> = {
	cdi: 'durable_employment',
	fixed_term_long: 'durable_employment',
	business_creation: 'durable_employment',
	civil_service: 'durable_employment',
	fixed_term_short: 'transition_employment',
	subsidised_contract: 'transition_employment',
	qualifying_training: 'positive_exit',
	work_study: 'positive_exit',
	integration_structure: 'positive_exit',
	job_seeking: 'other',
	inactive: 'other',
	other: 'other'
};

export const SITUATION_ESF: Record<Situation, EsfIndicator> = {
	cdi: 'employed',
	fixed_term_long: 'employed',
	business_creation: 'employed',
	civil_service: 'employed',
	fixed_term_short: 'employed',
	subsidised_contract: 'employed',
	qualifying_training: 'education_training',
	// Apprenticeship and work-study are employment contracts in France; ESF+ counts them as employment.
	work_study: 'employed',
	integration_structure: 'employed',
	job_seeking: 'job_searching',
	inactive: 'none',
	other: 'none'
};

export function isSituation(value: unknown): value is Situation {
	return typeof value === 'string' && (SITUATIONS as readonly string[]).includes(value);
}

/** Durable employment (the funders' "emploi durable"). */
export function isDurableEmployment(s: SituationOrUnknown): boolean {
	return isSituation(s) && SITUATION_CATEGORY[s] === 'durable_employment';
}
/** Any employment: durable or transition. */
export function isAnyEmployment(s: SituationOrUnknown): boolean {
	return (
		isSituation(s) &&
		(SITUATION_CATEGORY[s] === 'durable_employment' || SITUATION_CATEGORY[s] === 'transition_employment')
	);
}
/** A positive exit in the French sense: any employment or a positive exit (training, work-study, SIAE). */
export function isPositiveExit(s: SituationOrUnknown): boolean {
	return isSituation(s) && SITUATION_CATEGORY[s] !== 'other';
}
/** Known = a situation was recorded (neither "sans nouvelles" nor "inconnu"). */
export function isKnown(s: SituationOrUnknown): s is Situation {
	return isSituation(s);
}

export const CHECKPOINTS = ['exit', 'm3', 'm6'] as const;
export type Checkpoint = (typeof CHECKPOINTS)[number];

export const EXIT_ENDINGS = ['completed', 'left_early'] as const;
export type ExitEnding = (typeof EXIT_ENDINGS)[number];
export const EARLY_REASONS = ['found_job', 'started_training', 'health', 'moved', 'stopped_coming', 'other'] as const;
export type EarlyReason = (typeof EARLY_REASONS)[number];

/** Who said it. */
export const OUTCOME_SOURCES = ['participant', 'facilitator_contact', 'document', 'system'] as const;
export type OutcomeSource = (typeof OUTCOME_SOURCES)[number];

export const CONTRACT_DURATION_BANDS = ['under_6_months', 'six_months_or_more', 'permanent'] as const;
export type ContractDurationBand = (typeof CONTRACT_DURATION_BANDS)[number];
