/**
 * What the room pages (browser) and the server agree on. Shared by `$lib/server/livekit/*`, the
 * room routes and `$lib/components/room/*`; nothing here may import server code.
 */

/** How a person takes part in a live activity (the register's attendance modes). */
export type AttendanceMode = 'video' | 'audio' | 'phone' | 'in_person' | 'absent' | 'excused';
/** Modes a facilitator marks by hand in the hybrid roster. */
export const MANUAL_MODES = ['in_person', 'phone', 'absent', 'excused'] as const;
export type ManualMode = (typeof MANUAL_MODES)[number];

/** What the room page reports of itself: how it takes part and how well its connection holds. */
export type MediaMode = 'video' | 'low_data' | 'audio';
export type ConnectionQualityReport = 'excellent' | 'good' | 'poor' | 'lost' | 'unknown';

/**
 * Participant attributes. Only the server sets them (tokens carry no `canUpdateOwnMetadata`, so a
 * page cannot give itself a role, a hand or a pin): the mode from the page's report, the hand and
 * the pin through their endpoints (`$lib/server/livekit/attributes.ts`).
 */
export const ATTR_MODE = 'tablee.mode'; // a MediaMode
export const ATTR_HAND = 'tablee.hand'; // epoch ms as a string when the hand is up, '' when down
/** On a facilitator: the identity everyone shows large ('' = nobody). */
export const ATTR_PIN = 'tablee.pin';

/** Data-channel topic on which the server tells clients to fetch a new token (breakouts). */
export const TOPIC_MOVE = 'tablee.move';

/** GET /rooms/[activityId]/token (or /salon/[cohortId]/token): the room this person must be in now. */
export interface RoomTicket {
	url: string;
	token: string;
	roomName: string;
	identity: string;
	/** null in the main room, else 1-based breakout group number. */
	breakout: number | null;
}

/** POST /rooms/[activityId]/report (JSON) — also /salon/[cohortId]/report. */
export interface RoomReport {
	mode: MediaMode;
	quality: ConnectionQualityReport;
	/** The page just sent a chat message (the server cannot see the data channel). */
	chatSent?: boolean;
	/** What the page saw me do since its last report (activity rooms only; the salon keeps no figures). */
	participation?: ParticipationReport;
}

export type ParticipationSpanKind = 'speaking' | 'camera';
/** A stretch of time as [started, ended] milliseconds before the report was sent: no clock to agree on. */
export type AgoSpan = [number, number];

/**
 * Since the page's last report: when LiveKit's active-speaker updates (computed by livekit-server from the audio
 * levels it receives) said I was speaking, when my camera was on, and how many chat messages I sent.
 */
export interface ParticipationReport {
	speaking: AgoSpan[];
	camera: AgoSpan[];
	messages: number;
}

/** POST /rooms/[activityId]/moderate (JSON), facilitators only. */
export interface ModerationRequest {
	action: 'mute' | 'remove';
	identity: string;
}

/** POST …/hand (JSON): my own hand, up or down. */
export interface HandRequest {
	raised: boolean;
	/** Puts back a hand already up (after a reconnect or a move): not counted again in participation. */
	again?: boolean;
}

/** POST …/pin (JSON), facilitators only: the identity everyone shows large ('' = nobody). */
export interface PinRequest {
	identity: string;
}

/** POST /rooms/[activityId]/breakouts (JSON), facilitators only: `groups` ≥ 2 splits, 0 brings everyone back. */
export interface BreakoutRequest {
	groups: number;
}

/** One line of the facilitator's hybrid roster as the server knows it. */
export interface RosterEntry {
	userId: string;
	firstName: string;
	role: 'facilitator' | 'participant';
	/** The stored attendance of this activity, if any. */
	mode: AttendanceMode | null;
	source: 'livekit' | 'manual' | 'checkin' | null;
	minutes: number;
	/** Last connection quality the person's room page reported. */
	quality: ConnectionQualityReport | null;
}

/** What a room page's `load` returns. */
export interface RoomPageData {
	room: {
		kind: 'activity' | 'salon';
		activityId: string | null;
		cohortId: string;
		cohortName: string;
		title: string;
		startsAt: number | null;
		durationMinutes: number | null;
		timeZone: string;
		/** What to do when the video is unavailable, as the facilitator wrote it ('' = nothing set; salon: ''). */
		fallback: string;
		/** Where the activity happens in person ('' = not said). */
		place: string;
	};
	me: { id: string; firstName: string; role: 'facilitator' | 'participant' };
	/** null when no LiveKit server is configured: the page says video is unavailable. */
	livekitUrl: string | null;
	/** Whether this person has already done the device check (else the page starts with it). */
	deviceCheckDone: boolean;
	/** Facilitators only: everyone in the cohort, for the hybrid roster. */
	roster: RosterEntry[] | null;
	/** In dev/test, clients pass rtcConfig { iceServers: [] } so nothing leaves loopback. */
	loopbackOnly: boolean;
}
