import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { createEvents, type EventAttributes } from 'ics';
import type { Db } from '#lib/server/db/index.ts';
import { cohortAccess, type Actor } from '#lib/server/auth/policy.ts';
import { notFound } from '#lib/server/http/errors.ts';
import { recordObservedEvidence } from '#lib/server/skills/evidence.ts';
import { ACTIVITY_AGENDA_COLUMNS } from '#lib/server/activities/activities.ts';
import { clock } from '#lib/server/clock.ts';

const hash = (token: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(token)));

/**
 * A new private calendar URL token for this person (any previous one stops working). The database
 * keeps only its hash; the token itself is shown once, in the URL.
 */
export async function renewCalendarFeed(db: Db, actor: Actor, now = clock.now()): Promise<string> {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	const token = encodeBase32LowerCaseNoPadding(bytes);
	await db
		.insertInto('calendar_feed')
		.values({ user_id: actor.id, token_hash: hash(token), created_at: now })
		.onConflict((oc) => oc.column('user_id').doUpdateSet({ token_hash: hash(token), created_at: now }))
		.execute();
	return token;
}

export async function revokeCalendarFeed(db: Db, actor: Actor): Promise<void> {
	await db.deleteFrom('calendar_feed').where('user_id', '=', actor.id).execute();
}

export async function hasCalendarFeed(db: Db, actor: Actor): Promise<boolean> {
	return !!(await db.selectFrom('calendar_feed').select('user_id').where('user_id', '=', actor.id).executeTakeFirst());
}

const TOKEN = /^[a-z2-7]{32}$/;
const toUtcArray = (instant: number): [number, number, number, number, number] => {
	const d = new Date(instant);
	return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes()];
};

/**
 * The .ics text of the person a feed token belongs to: the activities of their cohorts (as a
 * participant or as a facilitator), cancelled ones left out. null when the token is unknown or revoked.
 */
export async function calendarFeedText(
	db: Db,
	token: string,
	origin: string,
	options: { fromCalendarApp?: boolean; now?: number } = {}
): Promise<string | null> {
	if (!TOKEN.test(token)) return null;
	const feed = await db
		.selectFrom('calendar_feed')
		.select('user_id')
		.where('token_hash', '=', hash(token))
		.executeTakeFirst();
	if (!feed) return null;
	// Fetched without a session (a calendar app subscribed to it): the person added the club's dates to their calendar.
	if (options.fromCalendarApp) {
		await recordObservedEvidence(db, {
			userId: feed.user_id,
			skillId: 'add_calendar_event',
			level: 'autonomous',
			event: 'calendar_fetched',
			eventRef: null,
			at: options.now ?? clock.now()
		});
	}
	const activities = await db
		.selectFrom('activity')
		.innerJoin('cohort_member', 'cohort_member.cohort_id', 'activity.cohort_id')
		.innerJoin('cohort', 'cohort.id', 'activity.cohort_id')
		.select([...ACTIVITY_AGENDA_COLUMNS, 'activity.updated_at', 'cohort_member.role'])
		.where('cohort_member.user_id', '=', feed.user_id)
		.where('activity.cancelled_at', 'is', null)
		.orderBy('activity.starts_at')
		.execute();
	if (!activities.length) {
		// `ics` refuses an empty list; an empty calendar is still a valid answer.
		return [
			'BEGIN:VCALENDAR',
			'VERSION:2.0',
			'PRODID:-//Tablee//Agenda//FR',
			'X-WR-CALNAME:Tablée',
			'END:VCALENDAR',
			''
		].join('\r\n');
	}
	const events = activities.map((a) => eventOf(a, origin));
	const { error, value } = createEvents(events);
	if (error || !value) throw new Error(`calendar of ${feed.user_id}: ${error?.message ?? 'no output'}`);
	return value;
}

interface EventActivity {
	id: string;
	kind: string;
	title: string;
	starts_at: number;
	duration_minutes: number;
	objectives: string;
	place: string | null;
	updated_at: number;
	cohortName: string;
	cohortId: string;
	role: string;
}

/** One activity as a calendar event: where to go (the room, the place) and a link back to Tablée. */
function eventOf(a: EventActivity, origin: string): EventAttributes {
	return {
		uid: `${a.id}@tablee`,
		start: toUtcArray(a.starts_at),
		startInputType: 'utc',
		startOutputType: 'utc',
		duration: { minutes: a.duration_minutes },
		title: a.title,
		description: a.objectives || undefined,
		location: a.place || undefined,
		categories: [a.cohortName],
		url:
			a.kind === 'live'
				? `${origin}/rooms/${a.id}`
				: a.role === 'facilitator'
					? `${origin}/cohorts/${a.cohortId}`
					: `${origin}/me`,
		lastModified: toUtcArray(a.updated_at),
		productId: 'Tablee//Agenda//FR',
		calName: 'Tablée'
	};
}

/**
 * One activity as an .ics file ("Ajouter à mon agenda"), for the members of its cohort (and the
 * organisation's directors and admins, who see its programme). A cancelled activity is not found.
 */
export async function activityEventText(db: Db, actor: Actor, activityId: string, origin: string): Promise<string> {
	const activity = await db
		.selectFrom('activity')
		.innerJoin('cohort', 'cohort.id', 'activity.cohort_id')
		.select([...ACTIVITY_AGENDA_COLUMNS, 'activity.updated_at', 'activity.cancelled_at'])
		.where('activity.id', '=', activityId)
		.executeTakeFirst();
	if (!activity || activity.cancelled_at !== null) throw notFound(`activity ${activityId}`);
	const { access } = await cohortAccess(db, actor, activity.cohortId);
	const { error, value } = createEvents([
		eventOf({ ...activity, role: access === 'participant' ? 'participant' : 'facilitator' }, origin)
	]);
	if (error || !value) throw new Error(`event of activity ${activityId}: ${error?.message ?? 'no output'}`);
	return value;
}
