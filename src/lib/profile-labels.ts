import { m } from '#lib/paraglide/messages.js';

/** The intake profile's closed lists, code → label (codes as in src/lib/server/profiles/schemas.ts). */
type Labels = Record<string, () => string>;

export const AGE_BAND_LABELS: Labels = {
	under_26: m.profile_age_under_26,
	'26_34': m.profile_age_26_34,
	'35_44': m.profile_age_35_44,
	'45_54': m.profile_age_45_54,
	'55_plus': m.profile_age_55_plus
};
export const EDUCATION_LABELS: Labels = {
	none: m.profile_education_none,
	cap_bep: m.profile_education_cap_bep,
	bac: m.profile_education_bac,
	bac_2: m.profile_education_bac_2,
	bac_3_plus: m.profile_education_bac_3_plus
};
export const OUT_OF_WORK_LABELS: Labels = {
	under_6m: m.profile_out_under_6m,
	'6_12m': m.profile_out_6_12m,
	'12_24m': m.profile_out_12_24m,
	over_24m: m.profile_out_over_24m,
	never_worked: m.profile_out_never_worked
};
export const BENEFIT_LABELS: Labels = {
	rsa: m.profile_benefit_rsa,
	are: m.profile_benefit_are,
	ass: m.profile_benefit_ass,
	aah: m.profile_benefit_aah,
	none: m.profile_benefit_none
};
export const REFERRER_LABELS: Labels = {
	france_travail: m.profile_referrer_france_travail,
	mission_locale: m.profile_referrer_mission_locale,
	cap_emploi: m.profile_referrer_cap_emploi,
	social_worker: m.profile_referrer_social_worker,
	word_of_mouth: m.profile_referrer_word_of_mouth,
	self: m.profile_referrer_self,
	other: m.profile_referrer_other
};
export const OBSTACLE_LABELS: Labels = {
	housing: m.profile_obstacle_housing,
	debt: m.profile_obstacle_debt,
	childcare: m.profile_obstacle_childcare,
	health: m.profile_obstacle_health,
	mobility: m.profile_obstacle_mobility,
	language: m.profile_obstacle_language,
	justice: m.profile_obstacle_justice
};
export const TARGET_LABELS: Labels = {
	job: m.profile_target_job,
	training: m.profile_target_training,
	vae: m.profile_target_vae,
	business: m.profile_target_business,
	other: m.profile_target_other
};
export const CONSENT_HOW_LABELS: Labels = {
	paper: m.profile_consent_how_paper,
	oral: m.profile_consent_how_oral,
	app: m.profile_consent_how_app
};
export const AUDIT_ACTION_LABELS: Labels = {
	'profile.read': m.profile_action_read,
	'profile.write': m.profile_action_write,
	'profile.consent': m.profile_action_consent,
	'person.export': m.profile_action_export,
	'person.erase': m.profile_action_erase,
	'attendance.mark': m.everyday_audit_attendance_mark,
	'pin.reset': m.everyday_audit_pin_reset,
	'person.enrol': m.enrol_audit
};

/** A code's label, or "not known". */
export const labelOf = (labels: Labels, code: string | null | undefined) =>
	code && labels[code] ? labels[code]() : m.profile_not_known();

/** Options of a select: "not known" first, then the list. */
export const optionsOf = (labels: Labels) => [
	{ value: '', label: m.profile_not_known() },
	...Object.entries(labels).map(([value, label]) => ({ value, label: label() }))
];
