import { m } from '#lib/paraglide/messages.js';

// Plain-language labels of the DigComp-mapped catalogue (ids are seeded by the first migration).
const labels: Record<string, () => string> = {
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

export const skillLabel = (id: string) => labels[id]?.() ?? id;
