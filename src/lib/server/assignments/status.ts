import type { AssignmentState } from '#lib/assignments/states.ts';
import type { SubmissionStatus } from '#lib/server/db/schema-assignments.ts';

export type { AssignmentState };

export interface LatestSubmission {
	status: SubmissionStatus;
	submitted_at: number;
}

/** `waived`: the facilitator let the person off it (what they send anyway still counts). */
export function assignmentState(
	latest: LatestSubmission | undefined,
	dueAt: number,
	now: number,
	waived = false
): AssignmentState {
	if (!latest) return waived ? 'waived' : now > dueAt ? 'late' : 'todo';
	if (latest.status === 'changes_requested') return 'redo';
	return latest.status === 'reviewed' ? 'reviewed' : 'sent';
}

/** A participant sends a first version, or a new one when asked; never over a version still being read. */
export const maySubmit = (latest: LatestSubmission | undefined) => !latest || latest.status === 'changes_requested';

/** The latest version per key, from rows in any order. */
export function latestBy<T extends { version: number }>(rows: T[], key: (row: T) => string): Map<string, T> {
	const latest = new Map<string, T>();
	for (const row of rows) {
		const seen = latest.get(key(row));
		if (!seen || row.version > seen.version) latest.set(key(row), row);
	}
	return latest;
}

/** Order of the participant's list: what needs doing first, then by due date. */
const PRIORITY: Record<AssignmentState, number> = { redo: 0, late: 1, todo: 2, sent: 3, reviewed: 4, waived: 5 };
export function byUrgency(
	a: { state: AssignmentState; dueAt: number },
	b: { state: AssignmentState; dueAt: number }
): number {
	return PRIORITY[a.state] - PRIORITY[b.state] || a.dueAt - b.dueAt;
}
