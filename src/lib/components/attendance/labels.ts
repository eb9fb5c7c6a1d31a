/** How attendance reads in the UI, the same on the live roster and on the attendance sheet. */
import type { AttendanceMode } from '#lib/room/contract.ts';
import { m } from '#lib/paraglide/messages.js';

export function attendanceModeLabel(mode: AttendanceMode): string {
	return {
		video: m.mode_video,
		audio: m.mode_audio,
		phone: m.mode_phone,
		in_person: m.mode_in_person,
		absent: m.mode_absent,
		excused: m.mode_excused
	}[mode]();
}

export function presenceStatusLabel(status: 'present' | 'late' | 'partial' | 'absent' | 'excused'): string {
	return {
		present: m.status_present,
		late: m.status_late,
		partial: m.status_partial,
		absent: m.status_absent,
		excused: m.status_excused
	}[status]();
}
