/** A stretch of presence, in epoch milliseconds; `end` ≥ `start`. */
export interface Interval {
	start: number;
	end: number;
}

/**
 * Total time covered by the intervals, overlaps counted once: someone whose phone and laptop are
 * both in the room, or who is in a breakout before the main room has seen them leave, is present
 * once, not twice.
 */
export function coveredMilliseconds(intervals: readonly Interval[]): number {
	const sorted = intervals.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
	let total = 0;
	let current: Interval | null = null;
	for (const next of sorted) {
		if (current && next.start <= current.end) {
			current.end = Math.max(current.end, next.end);
		} else {
			if (current) total += current.end - current.start;
			current = { ...next };
		}
	}
	if (current) total += current.end - current.start;
	return total;
}

/** Whole minutes of presence, as a register shows them (rounded to the nearest minute). */
export const roundedMinutes = (seconds: number) => Math.round(seconds / 60);

/**
 * The presence status a register shows, Moodle-style: present once the person attended at least
 * `thresholdPercent` of the session; late when they arrived more than `lateAfterMinutes` after the
 * start yet reached the threshold; partial below it.
 */
export function presenceStatus(
	seconds: number,
	durationMinutes: number,
	firstJoinedAt: number | null,
	startsAt: number,
	thresholdPercent = 85,
	lateAfterMinutes = 10
): 'present' | 'late' | 'partial' | 'absent' {
	if (seconds <= 0) return 'absent';
	if (seconds < (durationMinutes * 60 * thresholdPercent) / 100) return 'partial';
	if (firstJoinedAt !== null && firstJoinedAt > startsAt + lateAfterMinutes * 60_000) return 'late';
	return 'present';
}
