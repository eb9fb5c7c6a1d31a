/**
 * Builders for the data-layer tests, beside test-db.ts (which opens and seeds the database): the set-up that
 * several test files wrote again, each naming only what a test is about and leaving the rest a plain default.
 * They go through the domain functions, as the pages do, never around them.
 */
import type { Db } from './index.ts';
import type { Actor } from '#lib/server/auth/policy.ts';
import { addActivity } from '#lib/server/activities/activities.ts';
import type { ActivityInput } from '#lib/server/activities/schemas.ts';
import { createInvite, redeemInvite } from '#lib/server/auth/invites.ts';
import type { BlockInput } from '#lib/server/programmes/schemas.ts';
import { createCohort } from '#lib/server/cohorts/cohorts.ts';
import { demoParticipant, type DemoActors } from '#lib/server/seed/demo-actors.ts';

/** What a test says of an activity: its kind, title, day and time, and anything else it is about. */
export type ActivityDraft = Pick<ActivityInput, 'kind' | 'title' | 'date' | 'time'> & Partial<ActivityInput>;

/** An activity as its form writes it: 60 minutes, no objectives, not optional, unless the draft says otherwise. */
export const activityInput = (draft: ActivityDraft): ActivityInput => ({
	durationMinutes: 60,
	objectives: '',
	optional: false,
	...draft
});

/** Adds an activity to the demo's running cohort as its facilitator (through addActivity): its id. */
export const addCohortAActivity = (
	db: Db,
	{ facilitatorA, cohortA }: Pick<DemoActors, 'facilitatorA' | 'cohortA'>,
	draft: ActivityDraft,
	now: number
): Promise<string> => addActivity(db, facilitatorA, cohortA.id, activityInput(draft), now);

/** A programme block as its form writes it: a 60-minute live "Visio" on the first day at 09:30, unless said otherwise. */
export const blockInput = (over: Partial<BlockInput> = {}): BlockInput => ({
	kind: 'live',
	title: 'Visio',
	dayOffset: 0,
	startTime: '09:30',
	durationMinutes: 60,
	objectives: '',
	optional: false,
	skills: [],
	...over
});

/** The user ids of a cohort's members in one role, sorted (in JavaScript: the same order on both engines). */
export async function memberIds(db: Db, cohortId: string, role: 'participant' | 'facilitator'): Promise<string[]> {
	const rows = await db
		.selectFrom('cohort_member')
		.select('user_id')
		.where('cohort_id', '=', cohortId)
		.where('role', '=', role)
		.execute();
	return rows.map((r) => r.user_id).sort();
}

/** A form as the browser posts it, from its fields' values. */
export function formData(values: Record<string, string>): FormData {
	const data = new FormData();
	for (const [name, value] of Object.entries(values)) data.set(name, value);
	return data;
}

/**
 * A hybrid cohort of the organisation's (first) programme, created by `facilitator` at `now`, that ran from
 * `startDate` to `endDate`, and the people named who joined it by one invite at `joinedAt`: its id and those
 * people as actors, by first name.
 */
export async function cohortJoinedBy(
	db: Db,
	facilitator: Actor,
	cohort: { name: string; startDate: string; endDate: string },
	firstNames: readonly string[],
	{ joinedAt, now }: { joinedAt: number; now: number }
): Promise<{ cohortId: string; people: Record<string, Actor> }> {
	const programme = await db.selectFrom('programme').select('id').executeTakeFirstOrThrow();
	const { name, startDate, endDate } = cohort;
	const cohortId = await createCohort(
		db,
		facilitator,
		{ programmeId: programme.id, name, startDate, modality: 'hybrid' },
		now
	);
	await db.updateTable('cohort').set({ end_date: endDate }).where('id', '=', cohortId).execute();
	const invite = { maxUses: firstNames.length, validHours: 1 };
	const { token } = await createInvite(db, facilitator, cohortId, invite, now);
	const people: Record<string, Actor> = {};
	for (const firstName of firstNames) {
		await redeemInvite(db, token, { firstName, pin: '1234' }, joinedAt);
		people[firstName] = await demoParticipant(db, cohortId, firstName);
	}
	return { cohortId, people };
}
