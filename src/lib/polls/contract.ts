/**
 * What the room pages (browser) and the server agree on about polls and reactions. Nothing here may
 * import server code.
 */
export type PollKind = 'choice' | 'thumbs';
export type ReactionKind = 'thumbs_up' | 'clap' | 'heart' | 'laugh' | 'wow' | 'hand';

export const REACTIONS = ['thumbs_up', 'clap', 'heart', 'laugh', 'wow', 'hand'] as const satisfies ReactionKind[];
export const REACTION_EMOJI: Record<ReactionKind, string> = {
	thumbs_up: '👍',
	clap: '👏',
	heart: '❤️',
	laugh: '😂',
	wow: '😮',
	hand: '✋'
};
/** A thumbs poll's answers, by position. */
export const THUMBS = ['👍', '👎', '🤷'] as const;
export const POLL_MAX_OPTIONS = 6;

export interface PollOptionView {
	id: string;
	/** The facilitator's text ('' for a thumbs poll: its pictogram and words come from THUMBS by position). */
	label: string;
	position: number;
	/** null while the reader may not see results yet (a participant who has not answered an open poll). */
	count: number | null;
	/** A named poll, to its facilitators only: who chose this answer. Everyone else: null. */
	voters: string[] | null;
}

export interface PollView {
	id: string;
	question: string;
	kind: PollKind;
	named: boolean;
	open: boolean;
	openedAt: number;
	/** How many answered (null like the counts). */
	total: number | null;
	options: PollOptionView[];
	/** The option this reader chose, if they answered. */
	myAnswer: string | null;
}

/** GET /rooms/[activityId]/polls, and the room page's first render. */
export interface RoomPolls {
	role: 'facilitator' | 'participant';
	/** The poll open now, if any. */
	current: PollView | null;
	/** Closed polls of this activity, newest first (kept with the activity). */
	past: PollView[];
}
