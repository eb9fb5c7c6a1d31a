import type { Db } from '../db/index.ts';
import type { BlockKind } from '../db/schema.ts';
import { addDays, zonedInstant, zonedParts } from '../cohorts/local-time.ts';
import { notify } from './notifications.ts';

/**
 * Reminder rules. Each one names, for an activity, the instant its reminder is due; the scheduler
 * sends it once per participant (the notification's dedupe key makes a second send impossible,
 * whatever restarts or app instances happen in between).
 */
export interface ReminderRule {
	name: 'reminder_evening' | 'reminder_soon' | 'reminder_due';
	kinds: BlockKind[];
	at: (activity: { starts_at: number; duration_minutes: number }, timeZone: string) => number;
}

const MINUTE = 60_000;
export const REMINDER_RULES: ReminderRule[] = [
	// The evening before, at 18:00 in the club's time zone: time to plan the morning.
	{ name: 'reminder_evening', kinds: ['live', 'in_person'], at: (a, tz) => zonedInstant(addDays(zonedParts(a.starts_at, tz).date, -1), '18:00', tz) },
	// A quarter of an hour before: time to find a quiet place and open the room.
	{ name: 'reminder_soon', kinds: ['live', 'in_person'], at: (a) => a.starts_at - 15 * MINUTE },
	// The day before something is due (async work is due at the activity's end).
	{ name: 'reminder_due', kinds: ['async'], at: (a) => a.starts_at + a.duration_minutes * MINUTE - 24 * 60 * MINUTE }
];

/** A reminder found late (the app was down) is still worth sending within this window, not after. */
export const CATCH_UP_MS = 6 * 60 * MINUTE;

/**
 * Sends the reminders due at `now`: for every activity not cancelled whose rule time has come
 * (within the catch-up window) and whose moment has not passed, one notification per participant.
 * Returns how many notifications were created.
 */
export async function sendDueReminders(db: Db, now = Date.now()): Promise<number> {
	// Rule times fall at most a day and a half before the activity ends: look at activities around now.
	const activities = await db
		.selectFrom('activity')
		.innerJoin('cohort', 'cohort.id', 'activity.cohort_id')
		.innerJoin('organisation', 'organisation.id', 'cohort.organisation_id')
		.select(['activity.id', 'activity.cohort_id', 'activity.kind', 'activity.title', 'activity.starts_at', 'activity.duration_minutes', 'organisation.time_zone'])
		.where('activity.cancelled_at', 'is', null)
		.where('activity.starts_at', '>', now - 24 * 60 * MINUTE)
		.where('activity.starts_at', '<', now + 48 * 60 * MINUTE)
		.execute();
	let sent = 0;
	for (const activity of activities) {
		for (const rule of REMINDER_RULES) {
			if (!rule.kinds.includes(activity.kind)) continue;
			const at = rule.at(activity, activity.time_zone);
			const moment = activity.kind === 'async' ? activity.starts_at + activity.duration_minutes * MINUTE : activity.starts_at;
			if (at > now || at < now - CATCH_UP_MS || moment <= now) continue;
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
						kind: rule.name,
						params: { title: activity.title, at: moment, timeZone: activity.time_zone },
						href: activity.kind === 'live' ? `/rooms/${activity.id}` : '/me',
						dedupeKey: `${rule.name}:${activity.id}:${user_id}`
					},
					now
				);
				if (id) sent++;
			}
		}
	}
	return sent;
}
