/** Polls and reactions in the live room (migration 0020-polls). */
import type { PollKind, ReactionKind } from '#lib/polls/contract.ts';

export interface PollTable {
	id: string;
	activity_id: string;
	question: string;
	kind: PollKind;
	/** 1: the facilitators see who answered what; 0: nobody does. */
	named: number;
	created_by: string;
	opened_at: number;
	closed_at: number | null;
}

export interface PollOptionTable {
	id: string;
	poll_id: string;
	position: number;
	/** The facilitator's text; '' for a thumbs poll (its answers are 👍 👎 🤷 by position). */
	label: string;
}

export interface PollAnswerTable {
	poll_id: string;
	user_id: string;
	option_id: string;
	answered_at: number;
}

export interface ReactionTable {
	id: string;
	activity_id: string;
	user_id: string;
	kind: ReactionKind;
	sent_at: number;
}

export interface PollTables {
	poll: PollTable;
	poll_option: PollOptionTable;
	poll_answer: PollAnswerTable;
	reaction: ReactionTable;
}
