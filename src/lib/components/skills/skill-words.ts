// Pictograms and words of the digital-skill levels and sources, shared by the skills pages.
import { m } from '#lib/paraglide/messages.js';
import type { EvidenceSource as Source, OnboardingSkill, SkillId, SkillLevel as Level } from '#lib/skills/contract.ts';

export type { Level, Source };

export const LEVELS: Record<Level, { icon: string; label: () => string }> = {
	not_yet: { icon: '○', label: m.skills_level_not_yet },
	with_help: { icon: '🤝', label: m.skills_level_with_help },
	autonomous: { icon: '★', label: m.skills_level_autonomous }
};

export const SOURCES: Record<Source, { icon: string; label: () => string }> = {
	observed: { icon: '👁', label: m.skills_source_observed },
	self: { icon: '🙋', label: m.skills_source_self },
	facilitator: { icon: '✔', label: m.skills_source_facilitator }
};

type Words = () => string;

const SKILL_LABELS: Record<SkillId, Words> = {
	join_video_call: m.skill_join_video_call,
	camera_mic_toggle: m.skill_camera_mic_toggle,
	use_chat: m.skill_use_chat,
	raise_hand: m.skill_raise_hand,
	share_screen: m.skill_share_screen,
	send_document: m.skill_send_document,
	photo_document: m.skill_photo_document,
	read_answer_message: m.skill_read_answer_message,
	add_calendar_event: m.skill_add_calendar_event,
	install_app: m.skill_install_app,
	fill_online_form: m.skill_fill_online_form,
	email_address: m.skill_email_address,
	apply_online: m.skill_apply_online
};

const EVENT_LABELS: Record<string, Words | undefined> = {
	calendar_fetched: m.skills_event_calendar_fetched,
	camera_published: m.skills_event_camera_published,
	chat_message: m.skills_event_chat_message,
	declared: m.skills_event_declared,
	device_check: m.skills_event_device_check,
	facilitator_adjusted: m.skills_event_facilitator_adjusted,
	feed_comment: m.skills_event_feed_comment,
	first_upload: m.skills_event_first_upload,
	hand_raised: m.skills_event_hand_raised,
	room_joined: m.skills_event_room_joined,
	screen_shared: m.skills_event_screen_shared
};

/** The steps of the "first morning" path in words. */
export const ONBOARDING_WORDS: Record<OnboardingSkill, { title: Words; text: Words }> = {
	install_app: { title: m.onboarding_step_install_app_title, text: m.onboarding_step_install_app_text },
	camera_mic_toggle: {
		title: m.onboarding_step_camera_mic_toggle_title,
		text: m.onboarding_step_camera_mic_toggle_text
	},
	join_video_call: { title: m.onboarding_step_join_video_call_title, text: m.onboarding_step_join_video_call_text },
	use_chat: { title: m.onboarding_step_use_chat_title, text: m.onboarding_step_use_chat_text },
	raise_hand: { title: m.onboarding_step_raise_hand_title, text: m.onboarding_step_raise_hand_text },
	photo_document: { title: m.onboarding_step_photo_document_title, text: m.onboarding_step_photo_document_text },
	read_answer_message: {
		title: m.onboarding_step_read_answer_message_title,
		text: m.onboarding_step_read_answer_message_text
	}
};

// Static calls only (no lookup by a built name): the bundler then ships a page the messages it uses.
/** The skill's label in the club's words; an id outside the catalogue reads as itself. */
export const skillLabel = (id: string): string =>
	Object.hasOwn(SKILL_LABELS, id) ? SKILL_LABELS[id as SkillId]() : id;

/** What the evidence's event was, in words. */
export const eventLabel = (event: string): string =>
	(Object.hasOwn(EVENT_LABELS, event) ? EVENT_LABELS[event] : undefined)?.() ?? m.skills_event_other();

/** A pictogram per skill of the catalogue. */
const SKILL_ICONS: Record<SkillId, string> = {
	join_video_call: '🎥',
	camera_mic_toggle: '📷',
	use_chat: '💬',
	raise_hand: '✋',
	share_screen: '🖥️',
	send_document: '📤',
	photo_document: '📸',
	read_answer_message: '✉️',
	add_calendar_event: '📅',
	install_app: '📲',
	fill_online_form: '📝',
	email_address: '📧',
	apply_online: '💼'
};

export const skillIcon = (id: string): string => (Object.hasOwn(SKILL_ICONS, id) ? SKILL_ICONS[id as SkillId] : '📱');
