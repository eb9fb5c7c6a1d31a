import { m } from '#lib/paraglide/messages.js';
import type { AssignmentState } from '#lib/assignments/states.ts';

/** Each state has its own picture and words, so it reads without colour. */
export const STATE_ICONS: Record<AssignmentState, string> = {
	todo: '📝',
	late: '⏰',
	sent: '✅',
	reviewed: '💬',
	redo: '🔁',
	waived: '🕊️'
};

/** How a participant reads their own state. */
export function stateLabel(state: AssignmentState): string {
	return {
		todo: m.assignment_state_todo,
		late: m.assignment_state_late,
		sent: m.assignment_state_sent,
		reviewed: m.assignment_state_reviewed,
		redo: m.assignment_state_redo,
		waived: m.assignment_state_waived
	}[state]();
}

/** How a facilitator reads a participant's state (`late`: sent after the due date, or not sent and past it). */
export function statusLabel(state: AssignmentState, late: boolean): string {
	if (state === 'sent' && late) return m.assignment_status_sent_late();
	return {
		todo: m.assignment_status_todo,
		late: m.assignment_status_late,
		sent: m.assignment_status_sent,
		reviewed: m.assignment_status_reviewed,
		redo: m.assignment_status_redo,
		waived: m.assignment_status_waived
	}[state]();
}

export function fileSize(bytes: number): string {
	return bytes >= 1024 * 1024
		? `${(bytes / (1024 * 1024)).toFixed(1)} Mo`
		: `${Math.max(1, Math.round(bytes / 1024))} Ko`;
}
