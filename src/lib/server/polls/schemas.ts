import * as v from 'valibot';
import { checkbox, choice, id, requiredText, text } from '#lib/server/http/validation.ts';
import { REACTIONS } from '#lib/polls/contract.ts';

export const POLL_KINDS = ['choice', 'thumbs'] as const;
/** One field per possible answer (POLL_MAX_OPTIONS). */
export const OPTION_FIELDS = ['option1', 'option2', 'option3', 'option4', 'option5', 'option6'] as const;

/** A new poll as the facilitator writes it: a question, and 2 to 6 answers unless it is a thumbs poll. */
export const pollStartSchema = v.pipe(
	v.object({
		question: requiredText(200),
		kind: choice(POLL_KINDS),
		named: checkbox,
		option1: text(80),
		option2: text(80),
		option3: text(80),
		option4: text(80),
		option5: text(80),
		option6: text(80)
	}),
	v.forward(
		v.check(
			(p) => p.kind === 'thumbs' || OPTION_FIELDS.filter((f) => p[f] !== '').length >= 2,
			'poll_error_two_answers'
		),
		['option1']
	),
	v.transform((p) => ({
		question: p.question,
		kind: p.kind,
		named: p.named,
		options: p.kind === 'thumbs' ? [] : OPTION_FIELDS.map((f) => p[f]).filter((o) => o !== '')
	}))
);
export type PollStartInput = v.InferOutput<typeof pollStartSchema>;

export const pollAnswerSchema = v.object({ pollId: id, optionId: id });
export const pollCloseSchema = v.object({ pollId: id });
export const reactionSchema = v.object({ reaction: choice(REACTIONS) });
