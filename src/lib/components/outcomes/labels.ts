import { m } from '#lib/paraglide/messages.js';
import type {
	Checkpoint,
	ContractDurationBand,
	EarlyReason,
	ExitEnding,
	OutcomeSource,
	SituationOrUnknown
} from '#lib/outcomes/situations.ts';

type Words = () => string;
// Static calls only (no lookup by a built name): the bundler then ships a page the messages it uses.
/** `words[id]()`, or the id itself when it is outside the catalogue; '' for no id. */
const label =
	<K extends string>(words: Record<K, Words>) =>
	(id: string | null | undefined): string =>
		!id ? '' : Object.hasOwn(words, id) ? words[id as K]() : id;

export const situationLabel = label<SituationOrUnknown>({
	cdi: m.outcome_situation_cdi,
	fixed_term_long: m.outcome_situation_fixed_term_long,
	business_creation: m.outcome_situation_business_creation,
	civil_service: m.outcome_situation_civil_service,
	fixed_term_short: m.outcome_situation_fixed_term_short,
	subsidised_contract: m.outcome_situation_subsidised_contract,
	qualifying_training: m.outcome_situation_qualifying_training,
	work_study: m.outcome_situation_work_study,
	integration_structure: m.outcome_situation_integration_structure,
	job_seeking: m.outcome_situation_job_seeking,
	inactive: m.outcome_situation_inactive,
	other: m.outcome_situation_other,
	no_news: m.outcome_situation_no_news,
	unknown: m.outcome_situation_unknown
});
export const bandLabel = label<ContractDurationBand>({
	under_6_months: m.outcome_band_under_6_months,
	six_months_or_more: m.outcome_band_six_months_or_more,
	permanent: m.outcome_band_permanent
});
export const endingLabel = label<ExitEnding>({
	completed: m.outcome_ending_completed,
	left_early: m.outcome_ending_left_early
});
export const reasonLabel = label<EarlyReason>({
	found_job: m.outcome_reason_found_job,
	started_training: m.outcome_reason_started_training,
	health: m.outcome_reason_health,
	moved: m.outcome_reason_moved,
	stopped_coming: m.outcome_reason_stopped_coming,
	other: m.outcome_reason_other
});
export const checkpointLabel = label<Checkpoint>({
	exit: m.outcome_checkpoint_exit,
	m3: m.outcome_checkpoint_m3,
	m6: m.outcome_checkpoint_m6
});
export const sourceLabel = label<OutcomeSource>({
	participant: m.outcome_source_participant,
	facilitator_contact: m.outcome_source_facilitator_contact,
	document: m.outcome_source_document,
	system: m.outcome_source_system
});
export const channelLabel = label<'phone' | 'sms' | 'email' | 'in_person'>({
	phone: m.outcome_channel_phone,
	sms: m.outcome_channel_sms,
	email: m.outcome_channel_email,
	in_person: m.outcome_channel_in_person
});

/**
 * The participant's answer screen: a few big pictogram buttons in plain words. "J'ai un travail"
 * leads to one follow-up question (the kind of job: contract and duration band).
 */
export const PERSON_CHOICES = [
	{ icon: '💼', label: m.outcome_me_job, situation: null },
	{ icon: '🎓', label: m.outcome_me_training, situation: 'qualifying_training' },
	{ icon: '🛠️', label: m.outcome_me_work_study, situation: 'work_study' },
	{ icon: '🏪', label: m.outcome_me_business, situation: 'business_creation' },
	{ icon: '🔎', label: m.outcome_me_seeking, situation: 'job_seeking' },
	{ icon: '🏠', label: m.outcome_me_inactive, situation: 'inactive' },
	{ icon: '💬', label: m.outcome_me_other, situation: 'other' }
] as const;
export const JOB_CHOICES = [
	{ icon: '🔒', label: m.outcome_me_job_cdi, situation: 'cdi', band: 'permanent' },
	{ icon: '📅', label: m.outcome_me_job_long, situation: 'fixed_term_long', band: 'six_months_or_more' },
	{ icon: '⏳', label: m.outcome_me_job_short, situation: 'fixed_term_short', band: 'under_6_months' },
	{ icon: '🤝', label: m.outcome_me_job_subsidised, situation: 'subsidised_contract', band: '' },
	{ icon: '🏛️', label: m.outcome_me_job_civil, situation: 'civil_service', band: '' },
	{ icon: '🌱', label: m.outcome_me_job_integration, situation: 'integration_structure', band: '' }
] as const;
