/**
 * What the room UI shows of each LiveKit participant, as plain snapshots: LiveKit objects mutate
 * in place, so the component re-reads them into these on every room event.
 */
import { ConnectionQuality, Track, type AudioTrack, type Participant, type VideoTrack } from 'livekit-client';
import { ATTR_HAND, ATTR_MODE, ATTR_PIN, type ConnectionQualityReport, type MediaMode } from './contract.ts';

export type Role = 'facilitator' | 'participant';

export interface ParticipantView {
	identity: string;
	name: string;
	isLocal: boolean;
	role: Role;
	/** The MediaMode the person's page announced, null before it did. */
	mode: MediaMode | null;
	/** When the hand went up (epoch ms), null when it is down. */
	handSince: number | null;
	pin: string;
	quality: ConnectionQualityReport;
	micOn: boolean;
	camOn: boolean;
	speaking: boolean;
	/** Camera track to show, only when there is a picture to show. */
	video: VideoTrack | undefined;
	screen: VideoTrack | undefined;
	/** Remote audio to play (microphone, screen-share sound); empty for the local person. */
	audio: AudioTrack[];
}

/** The server puts `{"role": …}` in the participant's metadata. */
export function roleFromMetadata(metadata: string | undefined): Role {
	if (!metadata) return 'participant';
	try {
		const parsed: unknown = JSON.parse(metadata);
		if (parsed && typeof parsed === 'object' && 'role' in parsed && parsed.role === 'facilitator') return 'facilitator';
	} catch {
		// not ours: treat as a participant
	}
	return 'participant';
}

const MODES: readonly string[] = ['video', 'low_data', 'audio'] satisfies MediaMode[];

export function modeFromAttribute(value: string | undefined): MediaMode | null {
	return value && MODES.includes(value) ? (value as MediaMode) : null;
}

export function handFromAttribute(value: string | undefined): number | null {
	const since = Number(value);
	return value && Number.isFinite(since) && since > 0 ? since : null;
}

const QUALITIES: Record<string, ConnectionQualityReport> = {
	[ConnectionQuality.Excellent]: 'excellent',
	[ConnectionQuality.Good]: 'good',
	[ConnectionQuality.Poor]: 'poor',
	[ConnectionQuality.Lost]: 'lost'
};

export function qualityReport(quality: ConnectionQuality): ConnectionQualityReport {
	return QUALITIES[quality] ?? 'unknown';
}

export function viewOf(participant: Participant, isLocal: boolean): ParticipantView {
	const camera = participant.getTrackPublication(Track.Source.Camera);
	const screen = participant.getTrackPublication(Track.Source.ScreenShare);
	const mic = participant.getTrackPublication(Track.Source.Microphone);
	const visible = (pub: typeof camera) => (pub && !pub.isMuted && pub.track ? (pub.track as VideoTrack) : undefined);
	const audio: AudioTrack[] = [];
	if (!isLocal) {
		for (const pub of participant.audioTrackPublications.values()) if (pub.track) audio.push(pub.track as AudioTrack);
	}
	const attributes = participant.attributes ?? {};
	return {
		identity: participant.identity,
		name: participant.name || participant.identity,
		isLocal,
		role: roleFromMetadata(participant.metadata),
		mode: modeFromAttribute(attributes[ATTR_MODE]),
		handSince: handFromAttribute(attributes[ATTR_HAND]),
		pin: attributes[ATTR_PIN] ?? '',
		quality: qualityReport(participant.connectionQuality),
		micOn: !!mic && !mic.isMuted,
		camOn: !!camera && !camera.isMuted,
		speaking: participant.isSpeaking,
		video: visible(camera),
		screen: visible(screen),
		audio
	};
}

/** Raised hands, first raised first. */
export function raisedHands(views: readonly ParticipantView[]): ParticipantView[] {
	return views.filter((v) => v.handSince !== null).sort((a, b) => (a.handSince ?? 0) - (b.handSince ?? 0));
}

/** The identity a facilitator pinned for everyone, if that person is here. */
export function pinnedIdentity(views: readonly ParticipantView[]): string | null {
	for (const v of views) {
		if (v.role === 'facilitator' && v.pin && views.some((o) => o.identity === v.pin)) return v.pin;
	}
	return null;
}

/**
 * Who gets the large tile: the pinned person, else a facilitator other than me (participants want
 * to see the facilitator; a facilitator does not need to see themselves large), else nobody.
 */
export function stageIdentity(views: readonly ParticipantView[]): string | null {
	return pinnedIdentity(views) ?? views.find((v) => v.role === 'facilitator' && !v.isLocal)?.identity ?? null;
}
