/**
 * Breakouts for real facilitation (issue 14): what the room page and the server agree on. The facilitator
 * visits a group and comes back, speaks to every group at once (a message and a timer, shown in every group
 * and in the main room) and sees which group calls for help. Nothing here may import server code.
 */

/** A message to every group: short enough to read on a phone at a glance. */
export const BROADCAST_MAX = 280;
/** A timer shown in every group ("Retour dans 2 min"), in whole minutes. */
export const TIMER_MIN_MINUTES = 1;
export const TIMER_MAX_MINUTES = 30;
/** A person may call for help this many times in HELP_WINDOW_MS; more are refused (429). */
export const HELP_LIMIT = 2;
export const HELP_WINDOW_MS = 60_000;

/** One group asking for help, as the facilitator sees it (cleared when they visit it or dismiss it). */
export interface HelpCall {
	group: number;
	/** First names of who asked, in the order they asked. */
	names: string[];
	since: number;
}

/** GET /rooms/[activityId]/breakout: the board as this member sees it. */
export interface BreakoutBoard {
	role: 'facilitator' | 'participant';
	/** The facilitator's message to every group ('' = none). */
	message: string;
	/** The timer: how many minutes were set, and when it ends (epoch ms); null = none. */
	timer: { minutes: number; endsAt: number } | null;
	/** The groups now (numbers, with how many participants), empty when everyone is in the main room. */
	groups: { number: number; size: number }[];
	/** My group (participants), or the group I visit (facilitators); null = the main room. */
	myGroup: number | null;
	/** Facilitators only: the groups asking for help. Participants: whether my own call is waiting. */
	calls: HelpCall[];
	myCallWaiting: boolean;
}
