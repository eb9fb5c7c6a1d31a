import type { Db } from '#lib/server/db/index.ts';
import type { BlockKind } from '#lib/server/db/schema.ts';
import { addDays, zonedInstant, zonedParts } from '#lib/server/cohorts/local-time.ts';
import { notify } from './notifications.ts';
import { clock } from '#lib/server/clock.ts';

/**
 * Reminder rules. Each one names, for an activity, the instant its reminder is due; the scheduler
 * sends it once per participant (the notification's dedupe key makes a second send impossible,
 * whatever restarts or app instances happen in between).
 */
const MINUTE = 60_000;

export interface ReminderRule {
	name: 'reminder_evening' | 'reminder_soon' | 'reminder_due';
	kinds: BlockKind[];
	at: (activity: ReminderActivity, timeZone: string) => number;
}

interface ReminderActivity {
	starts_at: number;
	duration_minutes: number;
	/** The assignment's due date, when the facilitator set one (async activities). */
	due_at: number | null;
}

/** When async work is due: the assignment's date, else the activity's end. */
const dueAt = (a: ReminderActivity) => a.due_at ?? a.starts_at + a.duration_minutes * MINUTE;

export const REMINDER_RULES: ReminderRule[] = [
	// The evening before, at 18:00 in the club's time zone: time to plan the morning.
	{
		name: 'reminder_evening',
		kinds: ['live', 'in_person'],
		at: (a, tz) => zonedInstant(addDays(zonedParts(a.starts_at, tz).date, -1), '18:00', tz)
	},
	// A quarter of an hour before: time to find a quiet place and open the room.
	{ name: 'reminder_soon', kinds: ['live', 'in_person'], at: (a) => a.starts_at - 15 * MINUTE },
	// The day before something is due.
	{ name: 'reminder_due', kinds: ['async'], at: (a) => dueAt(a) - 24 * 60 * MINUTE }
];

/** A reminder found late (the app was down) is still worth sending within this window, not after. */
export const CATCH_UP_MS = 6 * 60 * MINUTE;

/**
 * Sends the reminders due at `now`: for every activity not cancelled whose rule time has come
 * (within the catch-up window) and whose moment has not passed, one notification per participant.
 * When several rules are due at once (an activity added late in the evening for just after midnight,
 * or an app that was down), only the latest one is sent: it says the same thing, closer to the moment.
 * Returns how many notifications were created.
 */
export async function sendDueReminders(db: Db, now = clock.now()): Promise<number> {
	// Rule times fall at most a day and a half before the activity (or what it asks for) is due:
	// look only at activities starting, or due, around now.
	const [from, to] = [now - 24 * 60 * MINUTE, now + 48 * 60 * MINUTE];
	const activities = await db
		.selectFrom('activity')
		.innerJoin('cohort', 'cohort.id', 'activity.cohort_id')
		.innerJoin('organisation', 'organisation.id', 'cohort.organisation_id')
		.leftJoin('assignment', 'assignment.activity_id', 'activity.id')
		.select([
			'activity.id',
			'activity.cohort_id',
			'activity.kind',
			'activity.title',
			'activity.starts_at',
			'activity.duration_minutes',
			'assignment.due_at',
			'organisation.time_zone'
		])
		.where('activity.cancelled_at', 'is', null)
		.where((eb) =>
			eb.or([
				eb.and([eb('activity.starts_at', '>', from), eb('activity.starts_at', '<', to)]),
				eb.and([eb('assignment.due_at', '>', from), eb('assignment.due_at', '<', to)])
			])
		)
		.execute();
	let sent = 0;
	for (const activity of activities) {
		const moment = activity.kind === 'async' ? dueAt(activity) : activity.starts_at;
		if (moment <= now) continue;
		// The latest rule whose time has come (within the catch-up window), if any.
		const [latest] = REMINDER_RULES.filter((rule) => rule.kinds.includes(activity.kind))
			.map((rule) => ({ rule, at: rule.at(activity, activity.time_zone) }))
			.filter(({ at }) => at <= now && at >= now - CATCH_UP_MS)
			.sort((a, b) => b.at - a.at);
		if (!latest) continue;
		const participants = await db
			.selectFrom('cohort_member')
			.select('user_id')
			.where('cohort_id', '=', activity.cohort_id)
			.where('role', '=', 'participant')
			.execute();
		for (const { user_id } of participants) {
			const id = await notify(
				db,
				{
					userId: user_id,
					kind: latest.rule.name,
					params: { title: activity.title, at: moment, timeZone: activity.time_zone },
					href: activity.kind === 'live' ? `/rooms/${activity.id}` : '/me',
					dedupeKey: `${latest.rule.name}:${activity.id}:${user_id}`
				},
				now
			);
			if (id) sent++;
		}
	}
	return sent;
}
