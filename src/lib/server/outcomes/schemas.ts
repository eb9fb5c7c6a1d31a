import * as v from 'valibot';
import {
	CHECKPOINTS,
	CONTRACT_DURATION_BANDS,
	EARLY_REASONS,
	EXIT_ENDINGS,
	SITUATIONS
} from '#lib/outcomes/situations.ts';
import {
	isChoiceQuestion,
	QUESTIONNAIRE_CHOICES,
	QUESTIONS,
	SENTENCE_MAX,
	type Question
} from '#lib/outcomes/questionnaire.ts';
import { choice, id, isoDate, optionalChoice, text } from '#lib/server/http/validation.ts';
import { FOLLOW_UP_CHECKPOINTS } from './schedule.ts';

/** A person's exit, as a facilitator records it at the end of the club (or when they leave early). */
export const exitSchema = v.pipe(
	v.object({
		userId: id,
		exitDate: isoDate,
		ending: choice(EXIT_ENDINGS),
		earlyReason: optionalChoice(EARLY_REASONS),
		situation: choice(SITUATIONS),
		contractBand: optionalChoice(CONTRACT_DURATION_BANDS)
	}),
	v.forward(
		v.check((x) => x.ending !== 'left_early' || x.earlyReason !== null, 'outcome_error_reason_required'),
		['earlyReason']
	)
);
export type ExitInput = Omit<v.InferOutput<typeof exitSchema>, 'userId'>;

/** What a person (or a facilitator on their word) says of their situation at a checkpoint. */
export const checkpointAnswerSchema = v.object({
	checkpoint: choice(CHECKPOINTS),
	situation: choice(SITUATIONS),
	contractBand: optionalChoice(CONTRACT_DURATION_BANDS)
});
export type CheckpointAnswerInput = v.InferOutput<typeof checkpointAnswerSchema>;

/** The same, written by a facilitator: who it is about, where it came from, an optional note. */
export const facilitatorAnswerSchema = v.object({
	...checkpointAnswerSchema.entries,
	userId: id,
	source: choice(['facilitator_contact', 'document'] as const),
	note: v.pipe(
		text(300),
		v.transform((s) => (s === '' ? null : s))
	)
});

/** One attempt to reach a person for a follow-up checkpoint. */
export const attemptSchema = v.object({
	userId: id,
	checkpoint: choice(FOLLOW_UP_CHECKPOINTS),
	channel: choice(['phone', 'sms', 'email', 'in_person'] as const),
	reached: v.pipe(
		choice(['yes', 'no'] as const),
		v.transform((s) => s === 'yes')
	)
});
export type AttemptInput = Omit<v.InferOutput<typeof attemptSchema>, 'userId' | 'checkpoint'>;

/** One answer to the end-of-club questionnaire: a choice among the question's own, or the free sentence (may be empty). */
export const questionnaireAnswerSchema = v.pipe(
	v.object({
		cohortId: id,
		question: choice(QUESTIONS),
		value: v.pipe(v.optional(v.string('form_invalid_type'), ''), text(SENTENCE_MAX))
	}),
	v.forward(
		v.check(
			(x) =>
				!isChoiceQuestion(x.question) || (QUESTIONNAIRE_CHOICES[x.question] as readonly string[]).includes(x.value),
			'form_invalid_choice'
		),
		['value']
	)
);
export type QuestionnaireAnswerInput = { question: Question; value: string };
