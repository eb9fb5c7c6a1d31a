/** What the skills pages and the server agree on (the database schema takes its types from here too). */
export type SkillLevel = 'not_yet' | 'with_help' | 'autonomous';
export type EvidenceSource = 'observed' | 'self' | 'facilitator';

/** The DigComp-mapped catalogue (its rows are seeded by the first migration). */
export const SKILL_IDS = [
	'join_video_call',
	'camera_mic_toggle',
	'use_chat',
	'raise_hand',
	'share_screen',
	'send_document',
	'photo_document',
	'read_answer_message',
	'add_calendar_event',
	'install_app',
	'fill_online_form',
	'email_address',
	'apply_online'
] as const;
export type SkillId = (typeof SKILL_IDS)[number];

/** The steps of the "first morning" path, in order. */
export const ONBOARDING_SKILLS = [
	'install_app',
	'camera_mic_toggle',
	'join_video_call',
	'use_chat',
	'raise_hand',
	'photo_document',
	'read_answer_message'
] as const satisfies readonly SkillId[];
export type OnboardingSkill = (typeof ONBOARDING_SKILLS)[number];

/** One piece of evidence as the pages show it. */
export interface SkillEvidenceView {
	id: string;
	level: SkillLevel;
	source: EvidenceSource;
	event: string;
	at: number;
	recordedBy: string | null;
	note: string | null;
	/** What proved it, when the app can point to it. */
	place:
		| { kind: 'activity'; activityId: string; title: string }
		| { kind: 'salon' }
		| { kind: 'submission'; activityId: string; title: string }
		| { kind: 'comment'; cohortId: string; postId: string }
		| null;
}
