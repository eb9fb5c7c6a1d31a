import { m } from '#lib/paraglide/messages.js';
import {
	isChoiceQuestion,
	type ChoiceQuestion,
	type Question,
	type QUESTIONNAIRE_CHOICES
} from '#lib/outcomes/questionnaire.ts';

type Words = () => string;
// Static calls only (no lookup by a built name): the bundler then ships a page the messages it uses.
const QUESTION_WORDS: Record<Question, Words> = {
	useful: m.quest_q_useful,
	helped: m.quest_q_helped,
	connection: m.quest_q_connection,
	connection_what: m.quest_q_connection_what,
	recommend: m.quest_q_recommend,
	sentence: m.quest_q_sentence,
	named: m.quest_q_named
};
/** Each choice's words, per question: a choice without its words fails `check`. */
const ANSWER_WORDS: { [Q in ChoiceQuestion]: Record<(typeof QUESTIONNAIRE_CHOICES)[Q][number], Words> } = {
	useful: {
		very: m.quest_useful_very,
		quite: m.quest_useful_quite,
		a_little: m.quest_useful_a_little,
		not: m.quest_useful_not
	},
	helped: {
		live: m.quest_helped_live,
		in_person: m.quest_helped_in_person,
		between: m.quest_helped_between,
		group: m.quest_helped_group,
		salon: m.quest_helped_salon,
		facilitator: m.quest_helped_facilitator
	},
	connection: {
		never: m.quest_connection_never,
		sometimes: m.quest_connection_sometimes,
		often: m.quest_connection_often
	},
	connection_what: {
		data: m.quest_connection_what_data,
		device: m.quest_connection_what_device,
		sound: m.quest_connection_what_sound,
		video: m.quest_connection_what_video,
		app: m.quest_connection_what_app,
		other: m.quest_connection_what_other
	},
	recommend: { yes: m.quest_recommend_yes, maybe: m.quest_recommend_maybe, no: m.quest_recommend_no },
	named: { yes: m.quest_named_yes, no: m.quest_named_no }
};

const choiceWords = (words: Record<string, Words>, value: string) =>
	Object.hasOwn(words, value) ? words[value]() : value;

/** The question as the person reads it. */
export const questionLabel = (q: Question) => QUESTION_WORDS[q]();

/** An answer's words; the free sentence is its own words. */
export const answerLabel = (q: Question, value: string | undefined) =>
	value === undefined || value === ''
		? m.quest_no_answer()
		: isChoiceQuestion(q)
			? choiceWords(ANSWER_WORDS[q], value)
			: value;

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
