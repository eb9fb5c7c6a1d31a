/**
 * Test stand-ins for the room client's unit tests: a LiveKit `Room` that does nothing but what a
 * test tells it (connect succeeds, fails or hangs; events are emitted by hand), and the app
 * server's room endpoints answering from a script. The tests put them in place of `livekit-client`'s
 * `Room` and of `api.ts` with `vi.mock` (see session.test.ts).
 */
import { EventEmitter } from 'node:events';
import { ConnectionQuality, ConnectionState, RoomEvent, type Room } from 'livekit-client';
import { RoomApiError } from './api.ts';
import type * as roomApi from './api.ts';
import type { RoomTicket } from './contract.ts';

/** What the session takes from outside: the app server's endpoints, and new LiveKit rooms. */
export interface FakeDeps {
	api: Pick<typeof roomApi, 'fetchTicket' | 'sendReport' | 'sendHand' | 'sendPin' | 'moderate' | 'requestBreakouts'>;
	createRoom: () => Room;
}

/** A promise the test settles when it wants. */
export function deferred<T = void>() {
	let resolve!: (value: T) => void;
	let reject!: (error: unknown) => void;
	const promise = new Promise<T>((res, rej) => {
		resolve = res;
		reject = rej;
	});
	return { promise, resolve, reject };
}

class FakeLocalParticipant extends EventEmitter {
	identity = 'me';
	name = 'Moi';
	metadata = '{"role":"participant"}';
	attributes: Record<string, string> = {};
	connectionQuality = ConnectionQuality.Good;
	isSpeaking = false;
	isScreenShareEnabled = false;
	isLocal = true;
	audioTrackPublications = new Map();
	trackPublications = new Map();
	enabled = { microphone: false, camera: false };
	sentTexts: string[] = [];
	getTrackPublication() {
		return undefined;
	}
	get isCameraEnabled() {
		return this.enabled.camera;
	}
	async setMicrophoneEnabled(on: boolean) {
		this.enabled.microphone = on;
	}
	async setCameraEnabled(on: boolean) {
		this.enabled.camera = on;
	}
	async unpublishTrack() {}
	async setScreenShareEnabled(on: boolean) {
		this.isScreenShareEnabled = on;
	}
	async sendText(text: string) {
		this.sentTexts.push(text);
	}
}

export class FakeRoom extends EventEmitter {
	state = ConnectionState.Disconnected;
	canPlaybackAudio = true;
	remoteParticipants = new Map();
	localParticipant = new FakeLocalParticipant();
	/** Where and with which token `connect` was called. */
	joined: { url: string; token: string } | null = null;
	disconnects = 0;
	/** Settles the pending `connect` (the test decides when, and how). */
	connecting = deferred();

	async connect(url: string, token: string): Promise<void> {
		this.joined = { url, token };
		this.state = ConnectionState.Connecting;
		try {
			await this.connecting.promise;
		} catch (error) {
			this.state = ConnectionState.Disconnected;
			throw error;
		}
		this.state = ConnectionState.Connected;
	}

	async disconnect(): Promise<void> {
		this.disconnects++;
		this.state = ConnectionState.Disconnected;
	}

	/** LiveKit's own view of a lost connection: the room says so, then is disconnected. */
	drop(reason: number): void {
		this.state = ConnectionState.Disconnected;
		this.emit(RoomEvent.Disconnected, reason);
	}

	registerTextStreamHandler() {}
	unregisterTextStreamHandler() {}
	getParticipantByIdentity() {
		return undefined;
	}
	async startAudio() {}

	get listening(): number {
		return this.eventNames().length;
	}
}

export const ticketFor = (roomName: string, breakout: number | null = null): RoomTicket => ({
	url: 'ws://127.0.0.1:7880',
	token: `token-for-${roomName}`,
	roomName,
	identity: 'me',
	breakout
});

/** The app server as the room page sees it: `tickets` answers each ticket request in turn (or keeps the last). */
export function fakeServer() {
	const server = {
		/** What the next ticket requests answer: a ticket, an error, or a promise the test settles. */
		tickets: [] as (RoomTicket | Error | Promise<RoomTicket>)[],
		ticketRequests: 0,
		reports: [] as unknown[],
		hands: [] as boolean[],
		pins: [] as string[],
		rooms: [] as FakeRoom[],
		/** Leave `connect` pending until the test settles `room.connecting` itself. */
		holdConnect: false,
		/** The room made last (the current one, in most tests). */
		get room(): FakeRoom {
			const room = server.rooms.at(-1);
			if (!room) throw new Error('no room was made');
			return room;
		}
	};
	const deps: FakeDeps = {
		api: {
			fetchTicket: async () => {
				server.ticketRequests++;
				const next = server.tickets.length > 1 ? server.tickets.shift() : server.tickets[0];
				if (!next) throw new RoomApiError('no ticket', 0);
				if (next instanceof Error) throw next;
				return next;
			},
			sendReport: async (_base, report) => {
				server.reports.push(report);
				return true;
			},
			sendHand: async (_base, { raised }) => void server.hands.push(raised),
			sendPin: async (_base, { identity }) => void server.pins.push(identity),
			moderate: async () => {},
			requestBreakouts: async () => {}
		},
		createRoom: () => {
			const room = new FakeRoom();
			if (!server.holdConnect) room.connecting.resolve();
			server.rooms.push(room);
			return room as unknown as Room;
		}
	};
	return { server, deps };
}

/** Offline: what `fetchTicket` throws when the app server cannot be reached. */
export const offline = () => new RoomApiError('offline', 0);
