/**
 * How one person's page stays in a live room, as a state machine: every state, every event and
 * what each event does in each state are written here, and nowhere else. Pure: no LiveKit, no
 * timers, no fetch. The session (`session.svelte.ts`) runs the effects and feeds the results back
 * as events.
 *
 * Async work (a ticket, a connection) is started with an `attempt` number; its result comes back
 * with that number and is ignored if the machine has moved on meanwhile (left, moved, removed). So
 * "the person left while the rejoin was connecting" needs no re-check after each await: the late
 * `connected` is refused, and the session disconnects that room.
 *
 *   state                    event                 → state        effects
 *   idle, stopped            join                  → joining      connect
 *   joining                  connected             → connected
 *   joining                  failed                → idle         (the page shows why)
 *   connected                livekitReconnecting   → reconnecting
 *   reconnecting             livekitReconnected    → connected
 *   connected, reconnecting  dropped: client       → left         forget
 *   connected, reconnecting  dropped: duplicate    → duplicate    forget
 *   connected, reconnecting  dropped: removed      → checking     forget, check
 *   connected, reconnecting  dropped: lost         → rejoining    forget, connect
 *   connected, reconnecting  move                  → moving       forget, connect with its ticket
 *   checking                 checked: elsewhere    → moving       connect with that ticket
 *   checking                 checked: not          → removed
 *   rejoining, moving        connected             → connected
 *   rejoining                failed                → waiting      wait
 *   moving                   failed                → rejoining    connect
 *   waiting                  retry                 → rejoining    connect
 *   waiting                  resume                → rejoining    cancelWait, connect
 *   any but stopped          leave                 → left         cancelWait, forget
 *   (stopped: left, removed or duplicate. connect and check start a new attempt number.)
 *   anything else: ignored (a stale answer, an event that means nothing in that state).
 */
import type { RoomTicket } from './contract.ts';

export type Phase =
	/** Not in the room: before the first join, or after it failed (the page shows why). */
	| 'idle'
	/** The first join: a ticket, then a connection. A failure is shown, not retried. */
	| 'joining'
	| 'connected'
	/** LiveKit is bringing the same room back by itself. */
	| 'reconnecting'
	/** The server removed me: moved to a breakout room, or removed by a facilitator? (asking for my ticket) */
	| 'checking'
	/** LiveKit gave up: our own rejoin with a fresh ticket is under way. */
	| 'rejoining'
	/** Between two rejoins (every few seconds, or at once when the page is visible or online again). */
	| 'waiting'
	/** Leaving this room for the one my new ticket names (breakouts). */
	| 'moving'
	/** Stopped, never back by ourselves: left, removed, or in the room from another tab or phone. */
	| StopReason;

/** Why we are out of the room and must not come back by ourselves. */
export type StopReason = 'left' | 'removed' | 'duplicate';
/** What LiveKit said when the room disconnected: we asked, same person elsewhere, server removed me, anything else. */
export type DropReason = 'client' | 'duplicate' | 'removed' | 'lost';
/** What the page shows: the four states people read. */
export type RoomState = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

export interface Connection {
	phase: Phase;
	/** Number of the last ticket or connection asked for: older answers are stale. */
	attempt: number;
}

export type ConnectionEvent =
	| { type: 'join' }
	| { type: 'leave' }
	| { type: 'connected'; attempt: number }
	| { type: 'failed'; attempt: number }
	| { type: 'livekitReconnecting' }
	| { type: 'livekitReconnected' }
	| { type: 'dropped'; reason: DropReason }
	/** While connected: my ticket names another room. */
	| { type: 'move'; ticket: RoomTicket }
	/** After a removal: my ticket, when it names another room (null: same room, or no ticket). */
	| { type: 'checked'; attempt: number; elsewhere: RoomTicket | null }
	| { type: 'retry' }
	| { type: 'resume' };

/**
 * - connect: fetch a ticket (unless the step carries one), connect a new room, answer `connected` or
 *   `failed` with the new attempt number;
 * - forget: stop listening to the current room and disconnect it;
 * - check: fetch my ticket, answer `checked` with the new attempt number;
 * - wait: answer `retry` in a few seconds; cancelWait: no `retry` any more.
 */
export type Effect = 'connect' | 'forget' | 'check' | 'wait' | 'cancelWait';

export interface Step {
	next: Connection;
	effects: Effect[];
	/** The ticket to connect with, when the event brought one (a move). */
	ticket?: RoomTicket;
}

export const initialConnection: Connection = { phase: 'idle', attempt: 0 };

/** Why the machine stopped for good, null while it has not. */
export const stopReason = (phase: Phase): StopReason | null =>
	phase === 'left' || phase === 'removed' || phase === 'duplicate' ? phase : null;

/** The state after `event`, and what to do; null when the event means nothing in this state (ignore it). */
export function step({ phase, attempt }: Connection, event: ConnectionEvent): Step | null {
	// `to` keeps the attempt number; `start` begins the next attempt (a connection or a check).
	const to = (next: Phase, ...effects: Effect[]): Step => ({ next: { phase: next, attempt }, effects });
	const start = (next: Phase, ...effects: Effect[]): Step => ({ next: { phase: next, attempt: attempt + 1 }, effects });
	const inRoom = phase === 'connected' || phase === 'reconnecting';
	const mine = 'attempt' in event && event.attempt === attempt;

	switch (event.type) {
		case 'join':
			return phase === 'idle' || stopReason(phase) ? start('joining', 'connect') : null;
		case 'leave':
			return stopReason(phase) ? null : to('left', 'cancelWait', 'forget');
		case 'connected':
			return mine && (phase === 'joining' || phase === 'rejoining' || phase === 'moving') ? to('connected') : null;
		case 'failed':
			if (!mine) return null;
			if (phase === 'joining') return to('idle');
			if (phase === 'rejoining') return to('waiting', 'wait');
			return phase === 'moving' ? start('rejoining', 'connect') : null;
		case 'livekitReconnecting':
			return phase === 'connected' ? to('reconnecting') : null;
		case 'livekitReconnected':
			return phase === 'reconnecting' ? to('connected') : null;
		case 'dropped':
			if (!inRoom) return null;
			if (event.reason === 'client') return to('left', 'forget');
			if (event.reason === 'duplicate') return to('duplicate', 'forget');
			return event.reason === 'removed'
				? start('checking', 'forget', 'check')
				: start('rejoining', 'forget', 'connect');
		case 'move':
			return inRoom ? { ...start('moving', 'forget', 'connect'), ticket: event.ticket } : null;
		case 'checked':
			if (!mine || phase !== 'checking') return null;
			return event.elsewhere ? { ...start('moving', 'connect'), ticket: event.elsewhere } : to('removed');
		case 'retry':
			return phase === 'waiting' ? start('rejoining', 'connect') : null;
		case 'resume':
			return phase === 'waiting' ? start('rejoining', 'cancelWait', 'connect') : null;
	}
}

/** The state the page shows for a phase. */
export function roomState(phase: Phase): RoomState {
	if (phase === 'connected') return 'connected';
	if (phase === 'joining' || phase === 'moving') return 'connecting';
	return phase === 'idle' || stopReason(phase) ? 'disconnected' : 'reconnecting';
}
