// The connection state machine on its own: every phase's answer to every event, stale answers
// ignored, and what the page shows for each phase.
import { describe, expect, it } from 'vitest';
import {
	initialConnection,
	roomState,
	step,
	stopReason,
	type Connection,
	type ConnectionEvent,
	type Phase
} from './connection.ts';
import { ticketFor } from './fake-room.ts';

const PHASES: Phase[] = [
	'idle',
	'joining',
	'connected',
	'reconnecting',
	'checking',
	'rejoining',
	'waiting',
	'moving',
	'left',
	'removed',
	'duplicate'
];
const STOPPED: Phase[] = ['left', 'removed', 'duplicate'];
const at = (phase: Phase, attempt = 5): Connection => ({ phase, attempt });
/** Runs events from a state; the phase after each (or 'ignored'). */
function run(from: Connection, ...events: ConnectionEvent[]) {
	let state = from;
	return events.map((event) => {
		const done = step(state, event);
		if (!done) return 'ignored';
		state = done.next;
		return `${state.phase}: ${done.effects.join(', ')}`;
	});
}

describe('the connection state machine', () => {
	it('joins, and shows a failed first join without retrying', () => {
		expect(run(initialConnection, { type: 'join' }, { type: 'connected', attempt: 1 })).toEqual([
			'joining: connect',
			'connected: '
		]);
		expect(run(initialConnection, { type: 'join' }, { type: 'failed', attempt: 1 })).toEqual([
			'joining: connect',
			'idle: '
		]);
	});

	it('follows LiveKit’s reconnect, then rejoins by itself when LiveKit gives up, waiting between tries', () => {
		expect(
			run(
				at('connected'),
				{ type: 'livekitReconnecting' },
				{ type: 'livekitReconnected' },
				{ type: 'dropped', reason: 'lost' },
				{ type: 'failed', attempt: 6 },
				{ type: 'retry' },
				{ type: 'connected', attempt: 7 }
			)
		).toEqual([
			'reconnecting: ',
			'connected: ',
			'rejoining: forget, connect',
			'waiting: wait',
			'rejoining: connect',
			'connected: '
		]);
	});

	it('stops for good when the person leaves, in every phase, and ignores what comes after', () => {
		for (const phase of PHASES.filter((p) => !STOPPED.includes(p))) {
			const done = step(at(phase), { type: 'leave' });
			expect(done?.next, phase).toEqual({ phase: 'left', attempt: 5 });
			expect(done?.effects).toEqual(['cancelWait', 'forget']);
			const after: ConnectionEvent[] = [
				{ type: 'connected', attempt: 5 },
				{ type: 'failed', attempt: 5 },
				{ type: 'retry' },
				{ type: 'resume' },
				{ type: 'dropped', reason: 'lost' },
				{ type: 'move', ticket: ticketFor('elsewhere') },
				{ type: 'checked', attempt: 5, elsewhere: ticketFor('elsewhere') }
			];
			for (const event of after) expect(step(done!.next, event), `${phase} then ${event.type}`).toBeNull();
		}
		for (const phase of STOPPED) {
			expect(stopReason(phase)).toBe(phase);
			expect(step(at(phase), { type: 'leave' }), phase).toBeNull();
			expect(step(at(phase), { type: 'join' })?.next, `${phase}, joining again`).toEqual({
				phase: 'joining',
				attempt: 6
			});
		}
	});

	it('ignores answers to an attempt that is not the last one', () => {
		for (const phase of ['joining', 'rejoining', 'moving', 'checking'] as const) {
			expect(step(at(phase), { type: 'connected', attempt: 4 }), phase).toBeNull();
			expect(step(at(phase), { type: 'failed', attempt: 4 }), phase).toBeNull();
			expect(step(at(phase), { type: 'checked', attempt: 4, elsewhere: null }), phase).toBeNull();
		}
	});

	it('moves from the room or during LiveKit’s reconnect only, and rejoins when the move fails', () => {
		const ticket = ticketFor('activity-a1-g1', 1);
		for (const phase of PHASES) {
			const done = step(at(phase), { type: 'move', ticket });
			if (phase === 'connected' || phase === 'reconnecting') {
				expect(done?.next.phase, phase).toBe('moving');
				expect(done).toEqual({ next: { phase: 'moving', attempt: 6 }, effects: ['forget', 'connect'], ticket });
			} else expect(done, phase).toBeNull();
		}
		expect(run(at('moving'), { type: 'failed', attempt: 5 })).toEqual(['rejoining: connect']);
	});

	it('after a removal, moves when the ticket names another room and stops otherwise', () => {
		const ticket = ticketFor('activity-a1-g2', 2);
		expect(
			run(at('connected'), { type: 'dropped', reason: 'removed' }, { type: 'checked', attempt: 6, elsewhere: ticket })
		).toEqual(['checking: forget, check', 'moving: connect']);
		expect(
			run(at('connected'), { type: 'dropped', reason: 'removed' }, { type: 'checked', attempt: 6, elsewhere: null })
		).toEqual(['checking: forget, check', 'removed: ']);
		expect(run(at('reconnecting'), { type: 'dropped', reason: 'duplicate' })).toEqual(['duplicate: forget']);
		expect(run(at('connected'), { type: 'dropped', reason: 'client' })).toEqual(['left: forget']);
	});

	it('resumes only a waiting rejoin, at once', () => {
		for (const phase of PHASES) {
			const done = step(at(phase), { type: 'resume' });
			if (phase === 'waiting') expect(done?.effects).toEqual(['cancelWait', 'connect']);
			else expect(done, phase).toBeNull();
		}
	});

	it('shows four states to people', () => {
		expect(Object.fromEntries(PHASES.map((p) => [p, roomState(p)]))).toEqual({
			idle: 'disconnected',
			joining: 'connecting',
			connected: 'connected',
			reconnecting: 'reconnecting',
			checking: 'reconnecting',
			rejoining: 'reconnecting',
			waiting: 'reconnecting',
			moving: 'connecting',
			left: 'disconnected',
			removed: 'disconnected',
			duplicate: 'disconnected'
		});
	});
});
