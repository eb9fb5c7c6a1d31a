/** The facilitator's hybrid roster: what state each person of the cohort is in, live first. */
import type { ConnectionQualityReport, RosterEntry } from '#lib/room/contract.ts';
import { m } from '#lib/paraglide/messages.js';
import { attendanceModeLabel } from '#lib/components/attendance/labels.ts';
import type { ParticipantView } from '#lib/room/participants.ts';

export type RosterState = 'video' | 'audio' | 'in_person' | 'phone' | 'absent' | 'excused' | 'elsewhere' | 'unknown';

/**
 * Someone connected to this room is "in the video" whatever was stored; a stored video/audio
 * attendance without a live connection means they came and left, or are in another group.
 * Assumes the LiveKit identity is the user id (what the token endpoint issues).
 */
export function rosterState(entry: RosterEntry, live: ParticipantView | undefined): RosterState {
	if (live) return live.mode === 'audio' ? 'audio' : 'video';
	switch (entry.mode) {
		case 'video':
		case 'audio':
			return 'elsewhere';
		case null:
			return 'unknown';
		default:
			return entry.mode;
	}
}

export function rosterStateLabel(state: RosterState): string {
	if (state === 'elsewhere') return m.room_state_elsewhere();
	if (state === 'unknown') return m.room_state_unknown();
	return attendanceModeLabel(state);
}

export function qualityLabel(quality: ConnectionQualityReport): string {
	switch (quality) {
		case 'excellent':
			return m.room_quality_excellent();
		case 'good':
			return m.room_quality_good();
		case 'poor':
			return m.room_quality_poor();
		case 'lost':
			return m.room_quality_lost();
		default:
			return m.room_quality_unknown();
	}
}
