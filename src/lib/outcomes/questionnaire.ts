/**
 * The end-of-club questionnaire: what the participant's page and the server agree on. At most 8
 * questions (7 here, 6 when the connection never failed), each answered with one tap on a big
 * pictogram button, except the free sentence (optional). Answers are stored as one JSON object per
 * person and cohort under these keys; the consent to be named is the last question.
 */
export const QUESTIONNAIRE_CHOICES = {
	useful: ['very', 'quite', 'a_little', 'not'],
	helped: ['live', 'in_person', 'between', 'group', 'salon', 'facilitator'],
	connection: ['never', 'sometimes', 'often'],
	connection_what: ['data', 'device', 'sound', 'video', 'app', 'other'],
	recommend: ['yes', 'maybe', 'no'],
	named: ['yes', 'no']
} as const;

export type ChoiceQuestion = keyof typeof QUESTIONNAIRE_CHOICES;
export const QUESTIONS = [
	'useful',
	'helped',
	'connection',
	'connection_what',
	'recommend',
	'sentence',
	'named'
] as const satisfies readonly (ChoiceQuestion | 'sentence')[];
export type Question = (typeof QUESTIONS)[number];

/** The questions whose answers the facilitator sees counted (the sentence and the consent are not counted). */
export const COUNTED_QUESTIONS = ['useful', 'helped', 'connection', 'connection_what', 'recommend'] as const;

/** The free sentence's longest length. */
export const SENTENCE_MAX = 200;

export type QuestionnaireAnswers = Partial<Record<Question, string>>;

export const isChoiceQuestion = (q: Question): q is ChoiceQuestion => q !== 'sentence';

/** "What went wrong with the connection" is not asked of people whose connection never failed. */
export const applies = (q: Question, answers: QuestionnaireAnswers) =>
	q !== 'connection_what' || answers.connection !== 'never';

/** The questions this person is asked, given what they answered so far. */
export const questionsFor = (answers: QuestionnaireAnswers) => QUESTIONS.filter((q) => applies(q, answers));

/** The next question without an answer, or null once everything is answered. */
export const nextQuestion = (answers: QuestionnaireAnswers): Question | null =>
	questionsFor(answers).find((q) => answers[q] === undefined) ?? null;

/**
 * Below this many people who answered without being named, their answers are not counted on the
 * facilitator's page: in a group of 8 to 15, one or two answers could be told apart (named answers
 * are shown anyway — their authors agreed).
 */
export const MIN_ANONYMOUS = 3;
