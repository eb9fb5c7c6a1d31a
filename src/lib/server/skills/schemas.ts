import * as v from 'valibot';
import { choice, text } from '../validation.ts';

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

/** "I can do it, alone / with help" (the person about themself). */
export const declareSchema = v.object({ skillId: choice(SKILL_IDS), level: choice(['with_help', 'autonomous']) });

/** A facilitator's adjustment of one skill, with a short note. */
export const overrideSchema = v.object({ skillId: choice(SKILL_IDS), level: choice(['not_yet', 'with_help', 'autonomous']), note: text(200) });
