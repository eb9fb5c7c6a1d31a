// Pictograms and words of the digital-skill levels and sources, shared by the skills pages.
import { m } from '#lib/paraglide/messages.js';
import type { SkillLevel as Level, EvidenceSource as Source } from '#lib/skills/contract.ts';

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

/** The skill's label (`skill_<id>` messages of the catalogue). */
export function skillLabel(id: string): string {
	const message = (m as unknown as Record<string, (() => string) | undefined>)[`skill_${id}`];
	return message ? message() : id;
}

/** What the evidence's event was, in words. */
export function eventLabel(event: string): string {
	const message = (m as unknown as Record<string, (() => string) | undefined>)[`skills_event_${event}`];
	return message ? message() : m.skills_event_other();
}

/** A pictogram per skill of the catalogue. */
export const SKILL_ICONS: Record<string, string> = {
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
