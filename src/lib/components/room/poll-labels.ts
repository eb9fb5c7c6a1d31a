import { m } from '#lib/paraglide/messages.js';
import { REACTION_EMOJI, THUMBS, type PollOptionView, type PollView, type ReactionKind } from '#lib/polls/contract.ts';

/** An answer's pictogram ('' for a written answer) and words, in the reader's language. */
export function optionText(kind: PollView['kind'], option: Pick<PollOptionView, 'label' | 'position'>) {
	if (kind !== 'thumbs') return { pictogram: '', words: option.label };
	const words = [m.poll_thumbs_up, m.poll_thumbs_down, m.poll_thumbs_unsure][option.position]?.() ?? '';
	return { pictogram: THUMBS[option.position] ?? '', words };
}

/** A reaction's pictogram and its name (the button's accessible name). */
export function reactionText(kind: ReactionKind) {
	const words = {
		thumbs_up: m.reaction_thumbs_up,
		clap: m.reaction_clap,
		heart: m.reaction_heart,
		laugh: m.reaction_laugh,
		wow: m.reaction_wow,
		hand: m.reaction_hand
	}[kind]();
	return { pictogram: REACTION_EMOJI[kind], words };
}
