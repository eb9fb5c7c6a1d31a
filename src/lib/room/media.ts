/**
 * What I send and receive in a room: microphone, camera at the resolution my mode allows, screen
 * share, and which videos I receive (none in audio only, the lowest layer in low data). Reads what
 * the person wants from `wish` and writes back there when the browser refuses a device.
 */
import { Track, VideoPresets, VideoQuality, type RemoteTrackPublication, type Room } from 'livekit-client';
import { m } from '#lib/paraglide/messages.js';
import type { MediaMode } from './contract.ts';

export interface MediaWish {
	mode: MediaMode;
	micWanted: boolean;
	camWanted: boolean;
	/** A non-fatal problem to show: camera or microphone refused, screen share failed. */
	notice: string | null;
}

export class RoomMedia {
	#queue: Promise<unknown> = Promise.resolve();
	/** Resolution the published camera was captured at, so a mode change knows to re-publish. */
	#cameraMode: MediaMode | null = null;

	constructor(
		private readonly wish: MediaWish,
		/** Whether this room is still the one the page is in. */
		private readonly current: (room: Room) => boolean,
		private readonly changed: () => void
	) {}

	/** A new room: nothing of mine is published there yet. */
	reset(): void {
		this.#cameraMode = null;
	}

	/** Media operations one after the other: a quick double tap must not publish two cameras. */
	queue<T>(operation: () => Promise<T>): Promise<T> {
		const next = this.#queue.then(operation, operation);
		this.#queue = next.catch(() => {});
		return next;
	}

	/** Publishes (or stops) microphone and camera as wished. */
	sync(room: Room): Promise<void> {
		return this.queue(async () => {
			await this.#microphone(room);
			await this.#camera(room);
		});
	}

	syncMicrophone(room: Room): Promise<void> {
		return this.queue(() => this.#microphone(room));
	}

	syncCamera(room: Room): Promise<void> {
		return this.queue(() => this.#camera(room));
	}

	async toggleScreenShare(room: Room): Promise<boolean> {
		const lp = room.localParticipant;
		try {
			await lp.setScreenShareEnabled(!lp.isScreenShareEnabled, { audio: false });
		} catch {
			this.wish.notice = m.room_screen_failed();
		}
		return lp.isScreenShareEnabled;
	}

	async #microphone(room: Room): Promise<void> {
		const lp = room.localParticipant;
		if (!this.wish.micWanted && !lp.getTrackPublication(Track.Source.Microphone)) return;
		try {
			await lp.setMicrophoneEnabled(this.wish.micWanted);
		} catch {
			this.wish.micWanted = false;
			this.wish.notice = m.room_mic_failed();
		}
		this.changed();
	}

	async #camera(room: Room): Promise<void> {
		if (!this.current(room)) return;
		const { mode } = this.wish;
		const lp = room.localParticipant;
		const want = this.wish.camWanted && mode !== 'audio';
		const published = lp.getTrackPublication(Track.Source.Camera);
		try {
			// Audio only: stop the camera altogether. Another resolution: capture afresh.
			if (published?.track && (mode === 'audio' || (want && this.#cameraMode !== mode))) {
				await lp.unpublishTrack(published.track, true);
				this.#cameraMode = null;
			}
			if (!want) {
				if (lp.getTrackPublication(Track.Source.Camera)) await lp.setCameraEnabled(false);
			} else {
				// Phones on small plans: 360p is plenty in a grid; 180p in low-data mode, one layer only.
				const preset = mode === 'low_data' ? VideoPresets.h180 : VideoPresets.h360;
				await lp.setCameraEnabled(
					true,
					{ resolution: preset.resolution },
					{ videoEncoding: preset.encoding, simulcast: mode !== 'low_data' }
				);
				this.#cameraMode = mode;
			}
		} catch {
			this.wish.camWanted = false;
			this.wish.notice = m.room_camera_failed();
		}
		this.changed();
	}

	/** Which remote videos to receive, and at which quality, in the current mode. */
	receive(room: Room): void {
		for (const participant of room.remoteParticipants.values()) {
			for (const publication of participant.trackPublications.values()) this.receiveOne(publication);
		}
	}

	receiveOne(publication: RemoteTrackPublication): void {
		if (publication.kind !== Track.Kind.Video) return;
		const wanted = this.wish.mode !== 'audio';
		if (publication.isDesired !== wanted) publication.setSubscribed(wanted);
		if (wanted) publication.setVideoQuality(this.wish.mode === 'low_data' ? VideoQuality.LOW : VideoQuality.HIGH);
	}
}
