import type { Activity } from '#lib/server/db/schema.ts';
import { weekStart, zonedParts } from '#lib/server/cohorts/local-time.ts';
import type { TimelineWeekView } from '#lib/cohorts/contract.ts';

type TimelineRow = Pick<
	Activity,
	'id' | 'kind' | 'title' | 'starts_at' | 'duration_minutes' | 'objectives' | 'optional'
> &
	Partial<Pick<Activity, 'place' | 'fallback'>>;

/** Groups a cohort's activities by week and day, in the club's time zone, as the page shows them. */
export function groupByWeek(activities: TimelineRow[], cohortStart: string, timeZone: string): TimelineWeekView[] {
	const firstWeek = Date.parse(`${weekStart(cohortStart)}T00:00:00Z`);
	const weeks = new Map<string, TimelineWeekView>();
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
		day.activities.push({
			id: a.id,
			kind: a.kind,
			title: a.title,
			date,
			time,
			startsAt: a.starts_at,
			durationMinutes: a.duration_minutes,
			objectives: a.objectives,
			optional: a.optional === 1,
			place: a.place ?? '',
			fallback: a.fallback ?? ''
		});
	}
	return [...weeks.values()];
}
