/** A salon-de-thé presence, as the live-rooms work records it. */
export interface SalonPresence {
	user_id: string;
	joined_at: number;
	left_at: number | null;
	last_seen_at: number;
}

export interface SalonMoment {
	startsAt: number;
	endsAt: number;
	/** Minutes of the whole moment (every minute begun counts). */
	durationMinutes: number;
	/** Each person's minutes in it (every minute begun counts), in order of arrival. */
	people: { userId: string; minutes: number }[];
}

/** Presences less than this apart belong to the same moment (someone steps out and back in). */
export const SALON_GAP_MS = 2 * 60_000;

const minutes = (ms: number) => Math.max(1, Math.ceil(ms / 60_000));

/**
 * Groups a cohort's salon presences into moments: presences that overlap or follow each other within
 * SALON_GAP_MS form one moment, from the first arrival to the last departure. A presence still open
 * counts until the server last saw the person there. Each person's minutes are the union of their
 * own presences in the moment (two tabs open at once are not counted twice).
 */
export function groupSalonPresences(presences: SalonPresence[]): SalonMoment[] {
	const intervals = presences
		.map((p) => ({ userId: p.user_id, start: p.joined_at, end: Math.max(p.joined_at, p.left_at ?? p.last_seen_at) }))
		.sort((a, b) => a.start - b.start || a.end - b.end);
	const groups: { start: number; end: number; items: typeof intervals }[] = [];
	for (const interval of intervals) {
		const current = groups.at(-1);
		if (current && interval.start <= current.end + SALON_GAP_MS) {
			current.end = Math.max(current.end, interval.end);
			current.items.push(interval);
		} else groups.push({ start: interval.start, end: interval.end, items: [interval] });
	}
	return groups.map((g) => {
		const byPerson = new Map<string, { start: number; end: number }[]>();
		for (const i of g.items) byPerson.set(i.userId, [...(byPerson.get(i.userId) ?? []), i]);
		const people = [...byPerson.entries()].map(([userId, list]) => {
			let total = 0;
			let cursor = -Infinity;
			for (const i of list) {
				const from = Math.max(i.start, cursor);
				if (i.end > from) total += i.end - from;
				cursor = Math.max(cursor, i.end);
			}
			return { userId, minutes: minutes(total) };
		});
		return { startsAt: g.start, endsAt: g.end, durationMinutes: minutes(g.end - g.start), people };
	});
}
