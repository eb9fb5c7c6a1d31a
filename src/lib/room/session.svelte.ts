/**
 * One person's presence in a live room, across the LiveKit `Room` objects it goes through: the
 * first join, breakout moves (a new token for another room) and our own rejoins when LiveKit gives
 * up. Whether to connect, wait, move or stop is decided by the state machine (`connection.ts`);
 * this class runs its effects, and holds what the page shows (`$state` fields). Media, chat and
 * breakouts are their own pieces (`media.ts`, `chat.ts`, `breakouts.ts`). LiveKit objects never
 * leave this module except as tracks to attach.
 */
import {
	AudioPresets,
	ConnectionQuality,
	ConnectionState,
	DefaultReconnectPolicy,
	DisconnectReason,
	ParticipantEvent,
	Room,
	RoomEvent,
	Track
} from 'livekit-client';
import { m } from '#lib/paraglide/messages.js';
import { fetchTicket, moderate, requestBreakouts, RoomApiError, sendHand, sendPin, sendReport } from './api.ts';
import { TicketWatch } from './breakouts.ts';
import { RoomChat, type ChatMessage } from './chat.ts';
import {
	initialConnection,
	roomState,
	step,
	stopReason,
	type ConnectionEvent,
	type DropReason,
	type RoomState,
	type StopReason
} from './connection.ts';
import type { ConnectionQualityReport, MediaMode, RoomTicket } from './contract.ts';
import { RoomMedia } from './media.ts';
import { ParticipationTracker } from './participation.ts';
import { qualityReport, viewOf, type ParticipantView } from './participants.ts';

export const REJOIN_EVERY_MS = 3_000;
/**
 * LiveKit's own reconnection (same server, same session) tries for about 16 s, then gives up to our rejoin,
 * which asks for a fresh ticket: when the node we were on is gone (a multi-node LiveKit), the ticket names
 * one that answers. LiveKit's default keeps trying the dead node for about 45 s.
 */
const LIVEKIT_RETRY_DELAYS_MS = [0, 300, 1_200, 2_700, 4_800, 7_000];
const REPORT_EVERY_MS = 20_000;

declare global {
	interface Window {
		/** The current livekit-client Room, for end-to-end tests. */
		__tableeRoom?: Room;
	}
}

const DROPS: Partial<Record<DisconnectReason, DropReason>> = {
	[DisconnectReason.CLIENT_INITIATED]: 'client',
	// Same person in another tab or phone: coming back here would kick that one out.
	[DisconnectReason.DUPLICATE_IDENTITY]: 'duplicate',
	// Moved to a breakout room, or removed by a facilitator: the ticket tells.
	[DisconnectReason.PARTICIPANT_REMOVED]: 'removed'
};

const message = (error: unknown) => (error instanceof RoomApiError ? error.message : m.error_generic());

export class RoomSession {
	/** Where the connection is (the machine's state): read as `state` and `stopped`. */
	#connection = $state.raw(initialConnection);
	/** The ticket of the room I am in (or was in last): read as `roomName` and `breakout`. */
	#ticket = $state.raw<RoomTicket | null>(null);
	mode = $state<MediaMode>('video');
	micWanted = $state(true);
	camWanted = $state(true);
	handRaised = $state(false);
	/** Facilitators: the identity shown large for everyone ('' = nobody). */
	pin = $state('');
	sharingScreen = $state(false);
	canPlayAudio = $state(true);
	quality = $state<ConnectionQualityReport>('unknown');
	poorPrompt = $state(false);
	/** Why the last join or rejoin failed (the server's translated message). */
	error = $state<string | null>(null);
	/** A non-fatal problem: camera or microphone refused, screen share failed. */
	notice = $state<string | null>(null);
	views = $state.raw<ParticipantView[]>([]);
	chat = $state.raw<ChatMessage[]>([]);

	/** The room being connected or connected to; null between rooms. */
	#room: Room | null = null;
	#poorDismissed = false;
	#rejoinTimer: ReturnType<typeof setTimeout> | undefined;
	#reportTimer: ReturnType<typeof setInterval> | undefined;
	#refreshQueued = false;
	readonly #media = new RoomMedia(
		this,
		(room) => this.#room === room,
		() => this.refresh()
	);
	readonly #chat = new RoomChat((messages) => (this.chat = messages));
	/** What I do in the room (speaking, camera, messages), told to the server with each report. */
	readonly #participation = new ParticipationTracker();
	readonly #tickets = new TicketWatch(
		() => fetchTicket(this.base),
		(ticket) => this.#onTicket(ticket)
	);

	constructor(
		private readonly base: string,
		private readonly me: { firstName: string; role: 'facilitator' | 'participant' },
		private readonly loopbackOnly: boolean
	) {}

	get state(): RoomState {
		return roomState(this.#connection.phase);
	}

	get stopped(): StopReason | null {
		return stopReason(this.#connection.phase);
	}

	get roomName(): string {
		return this.#ticket?.roomName ?? '';
	}

	/** null in the main room, else the 1-based breakout group number. */
	get breakout(): number | null {
		return this.#ticket?.breakout ?? null;
	}

	/** The first join (and a join after leaving): failures are shown, not retried. */
	async join(audioOnly: boolean): Promise<void> {
		this.error = null;
		this.notice = null;
		this.mode = audioOnly ? 'audio' : this.mode === 'audio' ? 'video' : this.mode;
		await this.#dispatch({ type: 'join' });
	}

	async leave(): Promise<void> {
		this.handRaised = false;
		this.sharingScreen = false;
		await this.#dispatch({ type: 'leave' });
	}

	/** The page is visible again or the network is back: rejoin now rather than at the next tick. */
	resume(): void {
		// A phone back from the lock screen: the room may have died without a word.
		if (this.#room?.state === ConnectionState.Disconnected) void this.#dispatch({ type: 'dropped', reason: 'lost' });
		void this.#dispatch({ type: 'resume' });
	}

	async setMode(mode: MediaMode): Promise<void> {
		if (mode === this.mode) return;
		this.mode = mode;
		this.poorPrompt = false;
		const room = this.#room;
		if (!room || this.state === 'connecting') return;
		this.#media.receive(room);
		await this.#media.syncCamera(room);
		this.#report();
		this.refresh();
	}

	dismissPoorPrompt(): void {
		this.#poorDismissed = true;
		this.poorPrompt = false;
	}

	async toggleMicrophone(): Promise<void> {
		this.micWanted = !this.micWanted;
		if (this.#room) await this.#media.syncMicrophone(this.#room);
	}

	async toggleCamera(): Promise<void> {
		this.camWanted = !this.camWanted;
		if (this.#room) await this.#media.syncCamera(this.#room);
	}

	async toggleHand(): Promise<void> {
		this.handRaised = !this.handRaised;
		if (this.#room) await this.#announce(sendHand(this.base, { raised: this.handRaised }));
	}

	async toggleScreenShare(): Promise<void> {
		if (!this.#room) return;
		this.sharingScreen = await this.#media.toggleScreenShare(this.#room);
		this.refresh();
	}

	/** iOS Safari plays remote audio only after a tap. */
	async startAudio(): Promise<void> {
		const room = this.#room;
		if (!room) return;
		await room.startAudio().catch(() => {});
		this.canPlayAudio = room.canPlaybackAudio;
	}

	async sendChat(text: string): Promise<void> {
		if (!this.#room || !(await this.#chat.send(this.#room, this.me.firstName, text))) return;
		this.#participation.message();
		// The first message of this visit tells the app at once (skill evidence); the text never leaves the room.
		if (!this.#chat.reported) {
			this.#chat.reported = true;
			this.#send({ chatSent: true });
		}
	}

	async setPin(identity: string): Promise<void> {
		this.pin = identity;
		if (this.#room) await this.#announce(sendPin(this.base, { identity }));
	}

	async moderate(action: 'mute' | 'remove', identity: string): Promise<void> {
		await moderate(this.base, { action, identity });
	}

	/** `groups` ≥ 2 splits, 0 brings everyone back; then see at once where the server puts me. */
	async breakouts(groups: number): Promise<void> {
		await requestBreakouts(this.base, { groups });
		await this.checkTicket();
	}

	/** Asks the server which room I belong in now, and moves there if it is not this one. */
	checkTicket(): Promise<void> {
		return this.#tickets.check();
	}

	/** Re-reads every participant into `views` (once per microtask, however many events fired). */
	refresh(): void {
		if (this.#refreshQueued) return;
		this.#refreshQueued = true;
		queueMicrotask(() => {
			this.#refreshQueued = false;
			const room = this.#room;
			if (!room || room.state === ConnectionState.Disconnected) {
				this.views = [];
				return;
			}
			this.views = [
				viewOf(room.localParticipant, true),
				...[...room.remoteParticipants.values()].map((p) => viewOf(p, false))
			];
			this.sharingScreen = room.localParticipant.isScreenShareEnabled;
		});
	}

	/** Moves the machine; null when the event meant nothing in its state. */
	#accept(event: ConnectionEvent) {
		const done = step(this.#connection, event);
		if (done) this.#connection = done.next;
		return done;
	}

	/** Moves the machine and runs what the step asks for, in order. */
	async #dispatch(event: ConnectionEvent): Promise<void> {
		const done = this.#accept(event);
		const attempt = done?.next.attempt ?? 0;
		for (const effect of done?.effects ?? []) {
			if (effect === 'connect') await this.#connect(attempt, done?.ticket);
			else if (effect === 'forget') await this.#forget();
			else if (effect === 'check') {
				const ticket = await fetchTicket(this.base).catch(() => null);
				const elsewhere = ticket && ticket.roomName !== this.roomName ? ticket : null;
				await this.#dispatch({ type: 'checked', attempt, elsewhere });
			} else {
				clearTimeout(this.#rejoinTimer);
				if (effect === 'wait')
					this.#rejoinTimer = setTimeout(() => void this.#dispatch({ type: 'retry' }), REJOIN_EVERY_MS);
			}
		}
	}

	async #connect(attempt: number, given?: RoomTicket): Promise<void> {
		const first = this.#connection.phase === 'joining';
		let room: Room | null = null;
		let ticket: RoomTicket;
		try {
			ticket = given ?? (await fetchTicket(this.base));
			if (this.#connection.attempt !== attempt) return; // left meanwhile: no room to open
			// Speech, not music (24 instead of 48 kbps), with DTX (silence costs next to nothing): audio-only
			// must stay light on a small data plan (issue 15).
			room = new Room({
				reconnectPolicy: new DefaultReconnectPolicy(LIVEKIT_RETRY_DELAYS_MS),
				adaptiveStream: true,
				dynacast: true,
				publishDefaults: { simulcast: true, audioPreset: AudioPresets.speech, dtx: true }
			});
			this.#room = room;
			this.#media.reset();
			this.#wire(room);
			await room.connect(ticket.url, ticket.token, this.loopbackOnly ? { rtcConfig: { iceServers: [] } } : {});
		} catch (error) {
			if (room) await this.#forget(room);
			if (this.#connection.attempt === attempt && (first || (error instanceof RoomApiError && error.status)))
				this.error = message(error);
			return this.#dispatch({ type: 'failed', attempt });
		}
		// Too late (left, or moved elsewhere, while connecting): this room is not wanted any more.
		if (!this.#accept({ type: 'connected', attempt })) return this.#forget(room);
		window.__tableeRoom = room;
		if (ticket.roomName !== this.roomName) this.pin = '';
		this.#ticket = ticket;
		this.error = null;
		this.canPlayAudio = room.canPlaybackAudio;
		this.quality = qualityReport(room.localParticipant.connectionQuality);
		this.#media.receive(room);
		this.refresh();
		void this.#announceAll();
		this.#report();
		this.#startTimers();
		await this.#media.sync(room);
	}

	#wire(room: Room): void {
		const current = () => this.#room === room;
		const refresh = () => current() && this.refresh();
		const dispatch = (event: ConnectionEvent) => current() && this.#accept(event);
		const camera = () => current() && this.#participation.set('camera', room.localParticipant.isCameraEnabled);
		// livekit-server's active-speaker updates, which name me too: the server's measure, not my page's.
		room.localParticipant.on(ParticipantEvent.IsSpeakingChanged, (speaking: boolean) => {
			if (current()) this.#participation.set('speaking', speaking);
		});
		room
			.on(RoomEvent.Reconnecting, () => dispatch({ type: 'livekitReconnecting' }))
			.on(RoomEvent.SignalReconnecting, () => dispatch({ type: 'livekitReconnecting' }))
			.on(RoomEvent.Reconnected, () => {
				if (!dispatch({ type: 'livekitReconnected' })) return;
				// A full reconnect joins afresh: announce mode (in the report), hand and pin again.
				void this.#announceAll();
				this.#media.receive(room);
				this.#report();
				this.refresh();
			})
			.on(RoomEvent.Disconnected, (reason) => {
				if (current()) void this.#dispatch({ type: 'dropped', reason: (reason && DROPS[reason]) || 'lost' });
			})
			.on(RoomEvent.ConnectionQualityChanged, (quality, participant) => {
				if (!current()) return;
				if (participant.isLocal) {
					this.quality = qualityReport(quality);
					this.#report();
					if (quality === ConnectionQuality.Poor && this.mode !== 'audio' && !this.#poorDismissed)
						this.poorPrompt = true;
				}
				this.refresh();
			})
			.on(RoomEvent.TrackPublished, (publication) => {
				if (!current()) return;
				this.#media.receiveOne(publication);
				this.refresh();
			})
			.on(RoomEvent.TrackMuted, (publication, participant) => {
				// A facilitator muted me: keep it muted after a reconnect too.
				if (current() && participant.isLocal && publication.source === Track.Source.Microphone) this.micWanted = false;
				camera();
				refresh();
			})
			.on(RoomEvent.LocalTrackUnpublished, (publication) => {
				// The browser's own "stop sharing" bar ends the share without us.
				if (current() && publication.source === Track.Source.ScreenShare) this.sharingScreen = false;
				camera();
				refresh();
			})
			.on(RoomEvent.DataReceived, (_payload, _participant, _kind, topic) => {
				if (current()) this.#tickets.onData(topic);
			})
			.on(RoomEvent.AudioPlaybackStatusChanged, () => {
				if (current()) this.canPlayAudio = room.canPlaybackAudio;
			})
			.on(RoomEvent.MediaDevicesError, () => {
				if (current()) this.notice = m.room_camera_failed();
			})
			.on(RoomEvent.ParticipantConnected, refresh)
			.on(RoomEvent.ParticipantDisconnected, refresh)
			.on(RoomEvent.TrackUnpublished, refresh)
			.on(RoomEvent.TrackSubscribed, refresh)
			.on(RoomEvent.TrackUnsubscribed, refresh)
			.on(RoomEvent.TrackUnmuted, () => {
				camera();
				refresh();
			})
			.on(RoomEvent.LocalTrackPublished, () => {
				camera();
				refresh();
			})
			.on(RoomEvent.ParticipantAttributesChanged, refresh)
			.on(RoomEvent.ParticipantMetadataChanged, refresh)
			.on(RoomEvent.ParticipantNameChanged, refresh)
			.on(RoomEvent.ActiveSpeakersChanged, refresh);
		this.#chat.listen(room);
	}

	/** A ticket from a poll, a move message or a breakout request: the same room, or a move. */
	async #onTicket(ticket: RoomTicket): Promise<void> {
		if (ticket.roomName === this.roomName) this.#ticket = ticket;
		else await this.#dispatch({ type: 'move', ticket });
	}

	/** Stops listening to a room (the current one by default) and disconnects it. */
	async #forget(room = this.#room): Promise<void> {
		if (!room) return;
		if (this.#room === room) {
			// What I did in this room is told now: the page may be closing (nothing to tell after a failed join).
			this.#participation.stopAll();
			this.#send({ onlyParticipation: true });
			this.#room = null;
			this.#stopTimers();
			this.views = [];
		}
		room.removeAllListeners();
		this.#chat.stop(room);
		await room.disconnect(true).catch(() => {});
	}

	#startTimers(): void {
		this.#stopTimers();
		this.#tickets.start();
		this.#reportTimer = setInterval(() => this.#report(), REPORT_EVERY_MS);
	}

	#stopTimers(): void {
		this.#tickets.stop();
		clearInterval(this.#reportTimer);
	}

	#report(): void {
		if (this.#room && this.state !== 'connecting') this.#send();
	}

	/** Mode, quality and what I did since the last report; what does not reach the server goes with the next one. */
	#send({ chatSent = false, onlyParticipation = false } = {}): void {
		const participation = this.#participation.take();
		if (onlyParticipation && !participation) return;
		void sendReport(this.base, {
			mode: this.mode,
			quality: this.quality,
			...(chatSent ? { chatSent } : {}),
			...(participation ? { participation: participation.report } : {})
		}).then((delivered) => {
			if (!delivered && participation) this.#participation.putBack(participation);
		});
	}

	/** The page is being closed or hidden for good: tell the server what happened since the last report. */
	flush(): void {
		this.#participation.stopAll();
		if (this.#room) this.#send({ onlyParticipation: true });
	}

	/** A new LiveKit participant (join, move, full reconnect) has no attributes: ask the server for them again. */
	async #announceAll(): Promise<void> {
		if (this.handRaised) await this.#announce(sendHand(this.base, { raised: true, again: true }));
		if (this.me.role === 'facilitator' && this.pin) await this.#announce(sendPin(this.base, { identity: this.pin }));
	}

	async #announce(request: Promise<void>): Promise<void> {
		try {
			await request;
		} catch (error) {
			this.notice = message(error);
		}
	}
}
