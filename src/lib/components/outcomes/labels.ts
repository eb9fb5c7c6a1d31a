import { m } from '#lib/paraglide/messages.js';

type Message = () => string;
const messages = m as unknown as Record<string, Message | undefined>;
/** The catalogue's label of `outcome_<group>_<id>`, or the id itself when none exists. */
const label = (group: string) => (id: string | null | undefined) =>
	id ? (messages[`outcome_${group}_${id}`]?.() ?? id) : '';

export const situationLabel = label('situation');
export const bandLabel = label('band');
export const endingLabel = label('ending');
export const reasonLabel = label('reason');
export const checkpointLabel = label('checkpoint');
export const sourceLabel = label('source');
export const channelLabel = label('channel');

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
