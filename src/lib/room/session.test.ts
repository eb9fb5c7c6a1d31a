// The room client against a fake LiveKit room and a scripted app server: join, LiveKit's own
// reconnects, our rejoins, leaving in the middle of one, breakout moves at awkward moments, ticket
// refreshes, and coming back from the lock screen. The live Playwright specs prove the same with
// browsers and a real livekit-server; these say which step broke, in a second.
import { DisconnectReason, ParticipantEvent, RoomEvent } from 'livekit-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RoomApiError } from './api.ts';
import { TICKET_POLL_MS } from './breakouts.ts';
import { TOPIC_MOVE, type ParticipationReport } from './contract.ts';
import { deferred, fakeServer, offline, ticketFor, type FakeDeps } from './fake-room.ts';
import { REJOIN_EVERY_MS, RoomSession } from './session.svelte.ts';

// The session's only ways out: new LiveKit rooms, and the app server's endpoints. Both go to this test's fakes.
const fakes = vi.hoisted(() => ({ deps: null as FakeDeps | null }));
const deps = () => {
	if (!fakes.deps) throw new Error('no fake server set up');
	return fakes.deps;
};
vi.mock('livekit-client', async (original) => ({
	...(await original<typeof import('livekit-client')>()),
	Room: class {
		constructor() {
			return deps().createRoom();
		}
	}
}));
vi.mock('./api.ts', async (original) => ({
	...(await original<typeof import('./api.ts')>()),
	fetchTicket: (base: string) => deps().api.fetchTicket(base),
	sendReport: (...args: Parameters<FakeDeps['api']['sendReport']>) => deps().api.sendReport(...args),
	sendHand: (...args: Parameters<FakeDeps['api']['sendHand']>) => deps().api.sendHand(...args),
	sendPin: (...args: Parameters<FakeDeps['api']['sendPin']>) => deps().api.sendPin(...args),
	moderate: (...args: Parameters<FakeDeps['api']['moderate']>) => deps().api.moderate(...args),
	requestBreakouts: (...args: Parameters<FakeDeps['api']['requestBreakouts']>) => deps().api.requestBreakouts(...args)
}));

const MAIN = 'activity-a1';
const GROUP_1 = 'activity-a1-g1';

/** Lets every pending promise and timer due now run. */
const settle = () => vi.advanceTimersByTimeAsync(0);

function setUp(role: 'facilitator' | 'participant' = 'participant') {
	const fake = fakeServer();
	fakes.deps = fake.deps;
	const { server } = fake;
	server.tickets = [ticketFor(MAIN)];
	const session = new RoomSession('/rooms/a1', { firstName: 'Awa', role }, true);
	return { server, session };
}

async function joined(role: 'facilitator' | 'participant' = 'participant') {
	const { server, session } = setUp(role);
	await session.join(false);
	expect(session.state).toBe('connected');
	return { server, session };
}

beforeEach(() => {
	vi.useFakeTimers();
	vi.stubGlobal('window', {});
});
afterEach(() => {
	vi.useRealTimers();
	vi.unstubAllGlobals();
	fakes.deps = null;
});

describe('join', () => {
	it('fetches a ticket, connects to the room it names, publishes microphone and camera and reports', async () => {
		const { server, session } = setUp();
		const joining = session.join(false);
		expect(session.state).toBe('connecting');
		await joining;
		expect(session.state).toBe('connected');
		expect(session.roomName).toBe(MAIN);
		expect(session.breakout).toBeNull();
		expect(server.rooms).toHaveLength(1);
		expect(server.room.joined).toEqual({ url: 'ws://127.0.0.1:7880', token: `token-for-${MAIN}` });
		expect(server.room.localParticipant.enabled).toEqual({ microphone: true, camera: true });
		expect(server.reports).toEqual([{ mode: 'video', quality: 'good' }]);
	});

	it('tells the server when LiveKit said I was speaking and my camera was on, and flushes it on leaving', async () => {
		const { server, session } = await joined();
		const me = server.room.localParticipant;
		me.emit(ParticipantEvent.IsSpeakingChanged, true);
		server.room.emit(RoomEvent.LocalTrackPublished);
		await vi.advanceTimersByTimeAsync(4_000);
		me.emit(ParticipantEvent.IsSpeakingChanged, false);
		await session.sendChat('Bonjour');
		await vi.advanceTimersByTimeAsync(1_000);
		await session.leave();
		const told = server.reports.flatMap((r) =>
			r && typeof r === 'object' && 'participation' in r ? [r.participation as ParticipationReport] : []
		);
		const total = (kind: 'speaking' | 'camera') =>
			told.flatMap((p) => p[kind]).reduce((sum, [startedAgo, endedAgo]) => sum + startedAgo - endedAgo, 0);
		expect(total('speaking')).toBe(4_000);
		expect(total('camera')).toBe(5_000);
		expect(told.reduce((sum, p) => sum + p.messages, 0)).toBe(1);
		// Speaking after leaving is not mine to count any more.
		me.emit(ParticipantEvent.IsSpeakingChanged, true);
		await vi.advanceTimersByTimeAsync(30_000);
		expect(server.reports.filter((r) => r && typeof r === 'object' && 'participation' in r)).toHaveLength(told.length);
	});

	it('joins in audio only without a camera', async () => {
		const { server, session } = setUp();
		await session.join(true);
		expect(session.mode).toBe('audio');
		expect(server.room.localParticipant.enabled).toEqual({ microphone: true, camera: false });
	});

	it('reports nothing for a room it could not connect to', async () => {
		const { server, session } = setUp();
		server.holdConnect = true;
		const joining = session.join(false);
		await settle();
		server.room.connecting.reject(new Error('could not connect'));
		await joining;
		expect(session.state).toBe('disconnected');
		expect(server.reports).toEqual([]);
	});

	it('shows why a first join failed and does not retry by itself', async () => {
		const { server, session } = setUp();
		server.tickets = [new RoomApiError('La salle est fermée.', 403)];
		await session.join(false);
		expect(session.state).toBe('disconnected');
		expect(session.stopped).toBeNull();
		expect(session.error).toBe('La salle est fermée.');
		await vi.advanceTimersByTimeAsync(60_000);
		expect(server.ticketRequests).toBe(1);
		expect(server.rooms).toHaveLength(0);
	});

	it('ignores a second join while the first is under way', async () => {
		const { server, session } = setUp();
		await Promise.all([session.join(false), session.join(false)]);
		expect(server.ticketRequests).toBe(1);
		expect(server.rooms).toHaveLength(1);
	});
});

describe('drop → reconnecting → back', () => {
	it('follows LiveKit’s own reconnect of the same room, and announces the raised hand again', async () => {
		const { server, session } = await joined();
		await session.toggleHand();
		expect(server.hands).toEqual([true]);
		server.room.emit(RoomEvent.Reconnecting);
		expect(session.state).toBe('reconnecting');
		server.room.emit(RoomEvent.Reconnected);
		await settle();
		expect(session.state).toBe('connected');
		expect(server.hands).toEqual([true, true]);
		expect(server.rooms).toHaveLength(1);
	});

	it('rejoins by itself with a fresh ticket when LiveKit gives up, every few seconds until it works', async () => {
		const { server, session } = await joined();
		const first = server.room;
		server.tickets = [offline(), offline(), ticketFor(MAIN)];
		first.drop(DisconnectReason.SIGNAL_CLOSE);
		await settle();
		expect(session.state).toBe('reconnecting');
		expect(first.listening, 'the dead room is not listened to any more').toBe(0);
		expect(server.ticketRequests).toBe(2);
		await vi.advanceTimersByTimeAsync(REJOIN_EVERY_MS);
		expect(server.ticketRequests).toBe(3);
		expect(session.state).toBe('reconnecting');
		await vi.advanceTimersByTimeAsync(REJOIN_EVERY_MS);
		expect(session.state).toBe('connected');
		expect(server.rooms).toHaveLength(2);
		expect(server.room.joined?.token).toBe(`token-for-${MAIN}`);
		expect(session.error, 'offline is not an error to show').toBeNull();
	});

	it('shows the server’s refusal while it keeps trying', async () => {
		const { server, session } = await joined();
		server.tickets = [new RoomApiError('La salle est fermée.', 403), ticketFor(MAIN)];
		server.room.drop(DisconnectReason.SERVER_SHUTDOWN);
		await settle();
		expect(session.state).toBe('reconnecting');
		expect(session.error).toBe('La salle est fermée.');
		await vi.advanceTimersByTimeAsync(REJOIN_EVERY_MS);
		expect(session.state).toBe('connected');
		expect(session.error).toBeNull();
	});

	it('never comes back by itself when the same person joined elsewhere', async () => {
		const { server, session } = await joined();
		server.room.drop(DisconnectReason.DUPLICATE_IDENTITY);
		await vi.advanceTimersByTimeAsync(60_000);
		expect(session.state).toBe('disconnected');
		expect(session.stopped).toBe('duplicate');
		expect(server.ticketRequests).toBe(1);
	});
});

describe('the person leaves during a reconnect', () => {
	it('between two rejoins: stops, and never rejoins', async () => {
		const { server, session } = await joined();
		server.tickets = [offline(), ticketFor(MAIN)];
		server.room.drop(DisconnectReason.SIGNAL_CLOSE);
		await settle();
		expect(session.state).toBe('reconnecting');
		await session.leave();
		expect(session.state).toBe('disconnected');
		expect(session.stopped).toBe('left');
		const asked = server.ticketRequests;
		await vi.advanceTimersByTimeAsync(60_000);
		expect(server.ticketRequests).toBe(asked);
		expect(server.rooms).toHaveLength(1);
	});

	it('while the rejoin is connecting: the late connection is closed at once', async () => {
		const { server, session } = await joined();
		server.holdConnect = true;
		server.room.drop(DisconnectReason.SIGNAL_CLOSE);
		await settle();
		const late = server.room;
		expect(server.rooms).toHaveLength(2);
		await session.leave();
		late.connecting.resolve();
		await settle();
		expect(session.state).toBe('disconnected');
		expect(session.stopped).toBe('left');
		expect(late.state).toBe('disconnected');
		expect(late.listening).toBe(0);
		await vi.advanceTimersByTimeAsync(60_000);
		expect(server.rooms).toHaveLength(2);
	});

	it('while LiveKit reconnects the same room: the room is closed and no rejoin follows', async () => {
		const { server, session } = await joined();
		server.room.emit(RoomEvent.Reconnecting);
		await session.leave();
		expect(server.room.disconnects).toBe(1);
		server.room.emit(RoomEvent.Reconnected);
		server.room.drop(DisconnectReason.CLIENT_INITIATED);
		await vi.advanceTimersByTimeAsync(60_000);
		expect(session.state).toBe('disconnected');
		expect(server.ticketRequests).toBe(1);
	});
});

describe('breakout moves during a reconnect', () => {
	it('while LiveKit reconnects: the ticket poll finds the group room and moves there', async () => {
		const { server, session } = await joined();
		const main = server.room;
		main.emit(RoomEvent.Reconnecting);
		server.tickets = [ticketFor(GROUP_1, 1)];
		await vi.advanceTimersByTimeAsync(TICKET_POLL_MS);
		expect(session.state).toBe('connected');
		expect(session.roomName).toBe(GROUP_1);
		expect(session.breakout).toBe(1);
		expect(main.disconnects).toBe(1);
		expect(main.listening).toBe(0);
		expect(server.room.joined?.token).toBe(`token-for-${GROUP_1}`);
	});

	it('between two rejoins: the next rejoin goes to the group room', async () => {
		const { server, session } = await joined();
		server.tickets = [offline()];
		server.room.drop(DisconnectReason.SIGNAL_CLOSE);
		await settle();
		server.tickets = [ticketFor(GROUP_1, 1)];
		await vi.advanceTimersByTimeAsync(REJOIN_EVERY_MS);
		expect(session.state).toBe('connected');
		expect(session.roomName).toBe(GROUP_1);
		expect(session.breakout).toBe(1);
	});

	it('removed by the server: moves when the ticket names another room, stops when it does not', async () => {
		const { server, session } = await joined();
		server.tickets = [ticketFor(GROUP_1, 1)];
		server.room.drop(DisconnectReason.PARTICIPANT_REMOVED);
		await settle();
		expect(session.roomName).toBe(GROUP_1);
		expect(session.state).toBe('connected');

		server.room.drop(DisconnectReason.PARTICIPANT_REMOVED);
		await vi.advanceTimersByTimeAsync(60_000);
		expect(session.state).toBe('disconnected');
		expect(session.stopped).toBe('removed');
		expect(server.rooms).toHaveLength(2);
	});

	it('a move that fails to connect falls back to rejoining', async () => {
		const { server, session } = await joined();
		server.holdConnect = true;
		server.tickets = [ticketFor(GROUP_1, 1)];
		const checked = session.checkTicket();
		await settle();
		expect(session.state).toBe('connecting');
		const move = server.room;
		move.connecting.reject(new Error('could not establish pc connection'));
		await settle();
		expect(session.state).toBe('reconnecting');
		expect(move.listening).toBe(0);
		expect(server.rooms).toHaveLength(3);
		server.room.connecting.resolve();
		await checked;
		expect(session.state).toBe('connected');
		expect(session.roomName).toBe(GROUP_1);
	});
});

describe('ticket refresh', () => {
	it('asks again when the server says so, and stays when the room is the same', async () => {
		const { server, session } = await joined();
		server.tickets = [ticketFor(MAIN)];
		server.room.emit(RoomEvent.DataReceived, new Uint8Array(), undefined, undefined, TOPIC_MOVE);
		server.room.emit(RoomEvent.DataReceived, new Uint8Array(), undefined, undefined, TOPIC_MOVE);
		await settle();
		expect(server.ticketRequests, 'one question at a time').toBe(2);
		expect(server.rooms).toHaveLength(1);
		expect(session.roomName).toBe(MAIN);
	});

	it('ignores data on other topics', async () => {
		const { server } = await joined();
		server.room.emit(RoomEvent.DataReceived, new Uint8Array(), undefined, undefined, 'lk.chat');
		await settle();
		expect(server.ticketRequests).toBe(1);
	});

	it('moves to the room a new ticket names, forgetting the pin of the old room', async () => {
		const { server, session } = await joined('facilitator');
		await session.setPin('someone');
		expect(server.pins).toEqual(['someone']);
		server.tickets = [ticketFor(GROUP_1, 1)];
		await vi.advanceTimersByTimeAsync(TICKET_POLL_MS);
		expect(session.roomName).toBe(GROUP_1);
		expect(session.pin).toBe('');
		expect(server.pins, 'no pin is announced in the new room').toEqual(['someone']);
		server.tickets = [ticketFor(MAIN)];
		await session.breakouts(0);
		expect(session.roomName).toBe(MAIN);
		expect(session.breakout).toBeNull();
		expect(server.rooms).toHaveLength(3);
	});

	it('keeps polling through a failed ticket request', async () => {
		const { server, session } = await joined();
		server.tickets = [offline(), ticketFor(GROUP_1, 2)];
		await vi.advanceTimersByTimeAsync(TICKET_POLL_MS);
		expect(session.roomName).toBe(MAIN);
		await vi.advanceTimersByTimeAsync(TICKET_POLL_MS);
		expect(session.roomName).toBe(GROUP_1);
		expect(session.breakout).toBe(2);
	});
});

describe('visibility / online resume', () => {
	it('rejoins at once when the page comes back, without waiting for the next try', async () => {
		const { server, session } = await joined();
		server.tickets = [offline(), ticketFor(MAIN)];
		server.room.drop(DisconnectReason.SIGNAL_CLOSE);
		await settle();
		expect(session.state).toBe('reconnecting');
		session.resume();
		await settle();
		expect(session.state).toBe('connected');
		await vi.advanceTimersByTimeAsync(REJOIN_EVERY_MS);
		expect(server.rooms, 'the cancelled try does not join a second time').toHaveLength(2);
	});

	it('notices a room that died without a word while the phone was locked', async () => {
		const { server, session } = await joined();
		server.room.state = 'disconnected' as never;
		session.resume();
		await settle();
		expect(session.state).toBe('connected');
		expect(server.rooms).toHaveLength(2);
	});

	it('does nothing in a room that is fine, nor after leaving', async () => {
		const { server, session } = await joined();
		session.resume();
		await settle();
		expect(server.ticketRequests).toBe(1);
		await session.leave();
		session.resume();
		await settle();
		expect(server.ticketRequests).toBe(1);
		expect(session.state).toBe('disconnected');
	});

	it('does not start a second rejoin when one is already under way', async () => {
		const { server, session } = await joined();
		const ticket = deferred<ReturnType<typeof ticketFor>>();
		server.tickets = [ticket.promise];
		server.room.drop(DisconnectReason.SIGNAL_CLOSE);
		await settle();
		session.resume();
		session.resume();
		ticket.resolve(ticketFor(MAIN));
		await settle();
		expect(server.ticketRequests).toBe(2);
		expect(server.rooms).toHaveLength(2);
		expect(session.state).toBe('connected');
	});
});
