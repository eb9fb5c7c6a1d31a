import { m } from '#lib/paraglide/messages.js';
import type { Question } from '#lib/outcomes/questionnaire.ts';

type Message = () => string;
const messages = m as unknown as Record<string, Message | undefined>;

/** The question as the person reads it. */
export const questionLabel = (q: Question) => messages[`quest_q_${q}`]?.() ?? q;

/** An answer's words (`quest_<question>_<value>`); the free sentence is its own words. */
export const answerLabel = (q: Question, value: string | undefined) =>
	value === undefined || value === ''
		? m.quest_no_answer()
		: q === 'sentence'
			? value
			: (messages[`quest_${q}_${value}`]?.() ?? value);

/** One pictogram per answer, so the buttons read without the words. */
export const ANSWER_ICONS: Record<string, string> = {
	'useful.very': '😀',
	'useful.quite': '🙂',
	'useful.a_little': '😐',
	'useful.not': '🙁',
	'helped.live': '💻',
	'helped.in_person': '🪑',
	'helped.between': '📝',
	'helped.group': '👥',
	'helped.salon': '☕',
	'helped.facilitator': '🧑‍🏫',
	'connection.never': '✅',
	'connection.sometimes': '📶',
	'connection.often': '🚫',
	'connection_what.data': '📉',
	'connection_what.device': '📵',
	'connection_what.sound': '🔇',
	'connection_what.video': '🎥',
	'connection_what.app': '📱',
	'connection_what.other': '❓',
	'recommend.yes': '👍',
	'recommend.maybe': '🤔',
	'recommend.no': '👎',
	'named.yes': '🙋',
	'named.no': '🕶️'
};
export const answerIcon = (q: Question, value: string) => ANSWER_ICONS[`${q}.${value}`] ?? '';
