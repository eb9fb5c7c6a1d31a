import type { Activity } from '#lib/server/db/schema.ts';
import { weekStart, zonedParts } from '#lib/server/cohorts/local-time.ts';

type TimelineRow = Pick<
	Activity,
	'id' | 'kind' | 'title' | 'starts_at' | 'duration_minutes' | 'objectives' | 'optional' | 'room_name'
> &
	Partial<Pick<Activity, 'place' | 'fallback'>>;

export type TimelineActivity = TimelineRow & {
	date: string;
	time: string;
};

export interface TimelineWeek {
	/** Monday of the week, 'YYYY-MM-DD'. */
	start: string;
	/** 1 for the cohort's first week. */
	number: number;
	days: { date: string; activities: TimelineActivity[] }[];
}

/** Groups a cohort's activities by week and day, in the club's time zone. */
export function groupByWeek(activities: TimelineRow[], cohortStart: string, timeZone: string): TimelineWeek[] {
	const firstWeek = Date.parse(`${weekStart(cohortStart)}T00:00:00Z`);
	const weeks = new Map<string, TimelineWeek>();
	for (const a of [...activities].sort((x, y) => x.starts_at - y.starts_at)) {
		const { date, time } = zonedParts(a.starts_at, timeZone);
		const start = weekStart(date);
		let week = weeks.get(start);
		if (!week) {
			week = { start, number: Math.round((Date.parse(`${start}T00:00:00Z`) - firstWeek) / (7 * 864e5)) + 1, days: [] };
			weeks.set(start, week);
		}
		let day = week.days.find((d) => d.date === date);
		if (!day) {
			day = { date, activities: [] };
			week.days.push(day);
		}
		day.activities.push({ ...a, date, time });
	}
	return [...weeks.values()];
}
