/**
 * One person's presence in a live room, across the LiveKit `Room` objects it goes through: the
 * first join, breakout moves (the open-source server cannot move participants, so a move is a new
 * token for another room), and our own rejoin loop when LiveKit gives up reconnecting. The UI reads
 * the `$state` fields; LiveKit objects never leave this module except as tracks to attach.
 */
import {
	AudioPresets,
	ConnectionQuality,
	ConnectionState,
	DisconnectReason,
	Room,
	RoomEvent,
	Track,
	VideoPresets,
	VideoQuality,
	type RemoteTrackPublication
} from 'livekit-client';
import { TOPIC_MOVE, type ConnectionQualityReport, type MediaMode, type RoomTicket } from '#lib/room/contract.ts';
import { m } from '#lib/paraglide/messages.js';
import { fetchTicket, requestBreakouts, moderate, RoomApiError, sendHand, sendPin, sendReport } from './room-api.ts';
import { qualityReport, viewOf, type ParticipantView } from './participants.ts';

export type RoomState = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';
/** Why we are out of the room and must not come back by ourselves. */
export type StopReason = 'left' | 'removed' | 'duplicate';

export interface ChatMessage {
	id: number;
	name: string;
	text: string;
	mine: boolean;
	at: number;
}

export const CHAT_TOPIC = 'lk.chat';
export const CHAT_MAX_LENGTH = 500;
const CHAT_KEPT = 200;
const REJOIN_EVERY_MS = 3_000;
const TICKET_POLL_MS = 10_000;
const REPORT_EVERY_MS = 20_000;

declare global {
	interface Window {
		/** The current livekit-client Room, for end-to-end tests. */
		__tableeRoom?: Room;
	}
}

const message = (error: unknown) => (error instanceof RoomApiError ? error.message : m.error_generic());

export class RoomSession {
	state = $state<RoomState>('disconnected');
	roomName = $state('');
	breakout = $state<number | null>(null);
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
	stopped = $state<StopReason | null>(null);
	/** Why the last join or rejoin failed (the server's translated message). */
	error = $state<string | null>(null);
	/** A non-fatal problem: camera or microphone refused, screen share failed. */
	notice = $state<string | null>(null);
	views = $state.raw<ParticipantView[]>([]);
	chat = $state.raw<ChatMessage[]>([]);

	#room: Room | null = null;
	#joined = false;
	#poorDismissed = false;
	/** Resolution the published camera was captured at, so a mode change knows to re-publish. */
	#cameraMode: MediaMode | null = null;
	#media: Promise<unknown> = Promise.resolve();
	#checking: Promise<void> | null = null;
	#rejoining = false;
	#rejoinTimer: ReturnType<typeof setTimeout> | undefined;
	#pollTimer: ReturnType<typeof setInterval> | undefined;
	#reportTimer: ReturnType<typeof setInterval> | undefined;
	#refreshQueued = false;
	#chatSeq = 0;
	#chatReported = false;

	constructor(
		private readonly base: string,
		private readonly me: { firstName: string; role: 'facilitator' | 'participant' },
		private readonly loopbackOnly: boolean
	) {}

	/** The first join (and a join after leaving): failures are shown, not retried. */
	async join(audioOnly: boolean): Promise<void> {
		if (this.#room) return;
		this.stopped = null;
		this.error = null;
		this.notice = null;
		this.mode = audioOnly ? 'audio' : this.mode === 'audio' ? 'video' : this.mode;
		this.state = 'connecting';
		this.#joined = true;
		try {
			await this.#connect(await fetchTicket(this.base));
		} catch (error) {
			this.error = message(error);
			this.state = 'disconnected';
			this.#joined = false;
		}
	}

	async leave(): Promise<void> {
		this.stopped = 'left';
		await this.#drop();
	}

	/** The page is visible again or the network is back: rejoin now rather than at the next tick. */
	resume(): void {
		if (!this.#joined || this.stopped) return;
		if (this.#room && this.#room.state !== ConnectionState.Disconnected) return;
		if (this.#room) this.#forget(this.#room);
		clearTimeout(this.#rejoinTimer);
		void this.#rejoin();
	}

	async setMode(mode: MediaMode): Promise<void> {
		if (mode === this.mode) return;
		this.mode = mode;
		this.poorPrompt = false;
		const room = this.#room;
		if (!room || this.state === 'connecting') return;
		this.#applySubscriptions(room);
		await this.#queue(() => this.#syncCamera(room));
		this.#report();
		this.refresh();
	}

	dismissPoorPrompt(): void {
		this.#poorDismissed = true;
		this.poorPrompt = false;
	}

	async toggleMicrophone(): Promise<void> {
		this.micWanted = !this.micWanted;
		const room = this.#room;
		if (room) await this.#queue(() => this.#syncMicrophone(room));
	}

	async toggleCamera(): Promise<void> {
		this.camWanted = !this.camWanted;
		const room = this.#room;
		if (room) await this.#queue(() => this.#syncCamera(room));
	}

	async toggleHand(): Promise<void> {
		this.handRaised = !this.handRaised;
		if (this.#room) await this.#announce(sendHand(this.base, { raised: this.handRaised }));
	}

	async toggleScreenShare(): Promise<void> {
		const room = this.#room;
		if (!room) return;
		try {
			await room.localParticipant.setScreenShareEnabled(!room.localParticipant.isScreenShareEnabled, { audio: false });
		} catch {
			this.notice = m.room_screen_failed();
		}
		this.sharingScreen = room.localParticipant.isScreenShareEnabled;
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
		const room = this.#room;
		const body = text.trim().slice(0, CHAT_MAX_LENGTH);
		if (!room || !body) return;
		await room.localParticipant.sendText(body, { topic: CHAT_TOPIC });
		this.#addChat(this.me.firstName, body, true);
		// The first message of this visit tells the app (skill evidence); the text never leaves the room.
		if (!this.#chatReported) {
			this.#chatReported = true;
			sendReport(this.base, { mode: this.mode, quality: this.quality, chatSent: true });
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
		this.#checking ??= (async () => {
			try {
				const ticket = await fetchTicket(this.base);
				if (!this.#room || this.stopped || this.state === 'connecting') return;
				if (ticket.roomName !== this.roomName) await this.#move(ticket);
				else this.breakout = ticket.breakout;
			} catch {
				// the next poll tries again
			} finally {
				this.#checking = null;
			}
		})();
		return this.#checking;
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

	async #connect(ticket: RoomTicket): Promise<void> {
		// Speech, not music (24 instead of 48 kbps), with DTX (silence costs next to nothing): audio-only must
		// stay light on a small data plan (issue 15).
		const room = new Room({
			adaptiveStream: true,
			dynacast: true,
			publishDefaults: { simulcast: true, audioPreset: AudioPresets.speech, dtx: true }
		});
		this.#room = room;
		this.#cameraMode = null;
		this.#wire(room);
		try {
			await room.connect(ticket.url, ticket.token, this.loopbackOnly ? { rtcConfig: { iceServers: [] } } : {});
		} catch (error) {
			this.#forget(room);
			await room.disconnect().catch(() => {});
			throw error;
		}
		if (this.#room !== room) {
			// left (or moved) while connecting
			await room.disconnect().catch(() => {});
			return;
		}
		window.__tableeRoom = room;
		this.roomName = ticket.roomName;
		this.breakout = ticket.breakout;
		this.error = null;
		this.state = 'connected';
		this.canPlayAudio = room.canPlaybackAudio;
		this.quality = qualityReport(room.localParticipant.connectionQuality);
		this.#applySubscriptions(room);
		this.refresh();
		void this.#announceAll();
		await this.#queue(async () => {
			await this.#syncMicrophone(room);
			await this.#syncCamera(room);
		});
		this.#report();
		this.#startTimers();
		this.refresh();
	}

	#wire(room: Room): void {
		const current = () => this.#room === room;
		const refresh = () => current() && this.refresh();
		const reconnecting = () => {
			if (current()) this.state = 'reconnecting';
		};
		room
			.on(RoomEvent.Reconnecting, reconnecting)
			.on(RoomEvent.SignalReconnecting, reconnecting)
			.on(RoomEvent.Reconnected, () => {
				if (!current()) return;
				this.state = 'connected';
				// A full reconnect joins afresh: announce mode (in the report), hand and pin again.
				void this.#announceAll();
				this.#applySubscriptions(room);
				this.#report();
				this.refresh();
			})
			.on(RoomEvent.Disconnected, (reason) => {
				if (current()) void this.#onDisconnected(room, reason);
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
				this.#applySubscription(publication);
				this.refresh();
			})
			.on(RoomEvent.TrackMuted, (publication, participant) => {
				// A facilitator muted me: keep it muted after a reconnect too.
				if (current() && participant.isLocal && publication.source === Track.Source.Microphone) this.micWanted = false;
				refresh();
			})
			.on(RoomEvent.LocalTrackUnpublished, (publication) => {
				// The browser's own "stop sharing" bar ends the share without us.
				if (current() && publication.source === Track.Source.ScreenShare) this.sharingScreen = false;
				refresh();
			})
			.on(RoomEvent.DataReceived, (_payload, _participant, _kind, topic) => {
				if (current() && topic === TOPIC_MOVE) void this.checkTicket();
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
			.on(RoomEvent.TrackUnmuted, refresh)
			.on(RoomEvent.LocalTrackPublished, refresh)
			.on(RoomEvent.ParticipantAttributesChanged, refresh)
			.on(RoomEvent.ParticipantMetadataChanged, refresh)
			.on(RoomEvent.ParticipantNameChanged, refresh)
			.on(RoomEvent.ActiveSpeakersChanged, refresh);
		room.registerTextStreamHandler(CHAT_TOPIC, (reader, { identity }) => {
			reader
				.readAll()
				.then((text) => {
					const from = room.getParticipantByIdentity(identity);
					this.#addChat(from?.name || identity, text.slice(0, CHAT_MAX_LENGTH), false);
				})
				.catch(() => {});
		});
	}

	async #onDisconnected(room: Room, reason: DisconnectReason | undefined): Promise<void> {
		const previous = this.roomName;
		this.#forget(room);
		this.views = [];
		if (reason === DisconnectReason.CLIENT_INITIATED) {
			this.stopped = 'left';
			this.state = 'disconnected';
			return;
		}
		if (reason === DisconnectReason.DUPLICATE_IDENTITY) {
			// Same person in another tab or phone: coming back here would kick that one out.
			this.stopped = 'duplicate';
			this.state = 'disconnected';
			return;
		}
		this.state = 'reconnecting';
		if (reason === DisconnectReason.PARTICIPANT_REMOVED) {
			// Removed to be moved to a breakout room, or removed by a facilitator?
			const ticket = await fetchTicket(this.base).catch(() => null);
			if (this.#room || this.stopped) return;
			if (ticket && ticket.roomName !== previous) {
				await this.#move(ticket);
			} else {
				this.stopped = 'removed';
				this.state = 'disconnected';
			}
			return;
		}
		// LiveKit gave up (server gone, network lost for long): keep trying by ourselves.
		void this.#rejoin();
	}

	async #rejoin(): Promise<void> {
		if (this.#room || this.stopped || this.#rejoining) return;
		this.#rejoining = true;
		this.state = 'reconnecting';
		try {
			const ticket = await fetchTicket(this.base);
			if (this.#room || this.stopped) return;
			await this.#connect(ticket);
		} catch (error) {
			if (error instanceof RoomApiError && error.status !== 0) this.error = error.message;
			if (!this.#room && !this.stopped) {
				clearTimeout(this.#rejoinTimer);
				this.#rejoinTimer = setTimeout(() => void this.#rejoin(), REJOIN_EVERY_MS);
			}
		} finally {
			this.#rejoining = false;
		}
	}

	async #move(ticket: RoomTicket): Promise<void> {
		const old = this.#room;
		if (old) {
			this.#forget(old);
			await old.disconnect(true).catch(() => {});
		}
		this.pin = '';
		this.state = 'connecting';
		try {
			await this.#connect(ticket);
		} catch {
			if (!this.stopped) void this.#rejoin();
		}
	}

	/** Stops listening to a room and forgets it (it is, or is about to be, disconnected). */
	#forget(room: Room): void {
		room.removeAllListeners();
		room.unregisterTextStreamHandler(CHAT_TOPIC);
		if (this.#room === room) this.#room = null;
		this.#stopTimers();
	}

	async #drop(): Promise<void> {
		clearTimeout(this.#rejoinTimer);
		const room = this.#room;
		if (room) {
			this.#forget(room);
			await room.disconnect(true).catch(() => {});
		}
		this.handRaised = false;
		this.sharingScreen = false;
		this.#joined = false;
		this.state = 'disconnected';
		this.views = [];
	}

	#startTimers(): void {
		this.#stopTimers();
		this.#pollTimer = setInterval(() => void this.checkTicket(), TICKET_POLL_MS);
		this.#reportTimer = setInterval(() => this.#report(), REPORT_EVERY_MS);
	}

	#stopTimers(): void {
		clearInterval(this.#pollTimer);
		clearInterval(this.#reportTimer);
	}

	#report(): void {
		if (this.#room && this.state !== 'connecting') sendReport(this.base, { mode: this.mode, quality: this.quality });
	}

	/** Media operations one after the other: a quick double tap must not publish two cameras. */
	#queue<T>(operation: () => Promise<T>): Promise<T> {
		const next = this.#media.then(operation, operation);
		this.#media = next.catch(() => {});
		return next;
	}

	async #syncMicrophone(room: Room): Promise<void> {
		const lp = room.localParticipant;
		if (!this.micWanted && !lp.getTrackPublication(Track.Source.Microphone)) return;
		try {
			await lp.setMicrophoneEnabled(this.micWanted);
		} catch {
			this.micWanted = false;
			this.notice = m.room_mic_failed();
		}
		this.refresh();
	}

	async #syncCamera(room: Room): Promise<void> {
		if (this.#room !== room) return;
		const lp = room.localParticipant;
		const want = this.camWanted && this.mode !== 'audio';
		const published = lp.getTrackPublication(Track.Source.Camera);
		try {
			// Audio only: stop the camera altogether. Another resolution: capture afresh.
			if (published?.track && (this.mode === 'audio' || (want && this.#cameraMode !== this.mode))) {
				await lp.unpublishTrack(published.track, true);
				this.#cameraMode = null;
			}
			if (!want) {
				if (lp.getTrackPublication(Track.Source.Camera)) await lp.setCameraEnabled(false);
			} else {
				// Phones on small plans: 360p is plenty in a grid; 180p in low-data mode, one layer only.
				const preset = this.mode === 'low_data' ? VideoPresets.h180 : VideoPresets.h360;
				await lp.setCameraEnabled(
					true,
					{ resolution: preset.resolution },
					{ videoEncoding: preset.encoding, simulcast: this.mode !== 'low_data' }
				);
				this.#cameraMode = this.mode;
			}
		} catch {
			this.camWanted = false;
			this.notice = m.room_camera_failed();
		}
		this.refresh();
	}

	#applySubscriptions(room: Room): void {
		for (const participant of room.remoteParticipants.values()) {
			for (const publication of participant.trackPublications.values()) this.#applySubscription(publication);
		}
	}

	#applySubscription(publication: RemoteTrackPublication): void {
		if (publication.kind !== Track.Kind.Video) return;
		const wanted = this.mode !== 'audio';
		if (publication.isDesired !== wanted) publication.setSubscribed(wanted);
		if (wanted) publication.setVideoQuality(this.mode === 'low_data' ? VideoQuality.LOW : VideoQuality.HIGH);
	}

	/** A new LiveKit participant (join, move, full reconnect) has no attributes: ask the server for them again. */
	async #announceAll(): Promise<void> {
		if (this.handRaised) await this.#announce(sendHand(this.base, { raised: true }));
		if (this.me.role === 'facilitator' && this.pin) await this.#announce(sendPin(this.base, { identity: this.pin }));
	}

	async #announce(request: Promise<void>): Promise<void> {
		try {
			await request;
		} catch (error) {
			this.notice = message(error);
		}
	}

	#addChat(name: string, text: string, mine: boolean): void {
		this.chat = [...this.chat, { id: ++this.#chatSeq, name, text, mine, at: Date.now() }].slice(-CHAT_KEPT);
	}
}
