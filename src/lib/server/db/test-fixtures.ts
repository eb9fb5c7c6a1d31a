/**
 * Builders for the data-layer tests, beside test-db.ts (which opens and seeds the database): the set-up that
 * several test files wrote again, each naming only what a test is about and leaving the rest a plain default.
 * They go through the domain functions, as the pages do, never around them.
 */
import { afterAll, beforeAll } from 'vitest';
import type { Db } from './index.ts';
import { seededTestDb } from './test-db.ts';
import type { Actor } from '#lib/server/auth/policy.ts';
import { addActivity } from '#lib/server/activities/activities.ts';
import type { ActivityInput } from '#lib/server/activities/schemas.ts';
import { createInvite, redeemInvite } from '#lib/server/auth/invites.ts';
import type { BlockInput } from '#lib/server/programmes/schemas.ts';
import { createCohort } from '#lib/server/cohorts/cohorts.ts';
import { demoLiveActivity, demoParticipant, type DemoActors } from '#lib/server/seed/demo-actors.ts';
import { DEMO_COHORTS } from '#lib/server/seed/demo.ts';
import { createPost } from '#lib/server/feed/feed.ts';
import type { FeedPublisher, RoomPublisher, RoomSignal } from '#lib/server/live/bus.ts';
import {
	recordJoins,
	recordLeaves,
	settlePresences,
	type PresenceChange,
	type RoomMove
} from '#lib/server/livekit/presence.ts';
import { activityRoomName } from '#lib/server/livekit/room-names.ts';

export type SeededTestDb = Awaited<ReturnType<typeof seededTestDb>>;

/**
 * A test file's seeded database (seededTestDb as of `now`): opened before the file's tests and handed to `ready`,
 * which keeps what the file uses and adds what its tests share; dropped after them.
 */
export function useSeededTestDb(now: number, ready: (seeded: SeededTestDb) => unknown, timeout?: number): void {
	let drop: (() => Promise<void>) | undefined;
	beforeAll(async () => {
		const seeded = await seededTestDb(now);
		drop = seeded.drop;
		await ready(seeded);
	}, timeout);
	afterAll(() => drop?.());
}

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

/** A live activity of cohort A at 11:00 (Paris) on `date`, added by its facilitator: its id and its room's name. */
export async function addCohortALiveRoom(
	db: Db,
	actors: Pick<DemoActors, 'facilitatorA' | 'cohortA'>,
	{ title, date }: { title: string; date: string },
	now: number
): Promise<{ activityId: string; roomName: string }> {
	const activityId = await addCohortAActivity(db, actors, { kind: 'live', title, date, time: '11:00' }, now);
	return { activityId, roomName: activityRoomName(activityId) };
}

/**
 * When the room tests of demoLiveRoom run: the database seeded the day before (NOW), the activity's start (09:30 in
 * Paris on 23 November 2026, as demoLiveActivity adds it) and five minutes into it (AT).
 */
export const DEMO_ROOM_TIMES = (() => {
	const START = Date.parse('2026-11-23T08:30:00Z');
	return { NOW: Date.parse('2026-11-22T10:00:00Z'), START, AT: START + 5 * 60_000 };
})();

/** The demo's live activity of cohort A (demoLiveActivity) and the cohort's second participant, as a room's tests use them. */
export async function demoLiveRoom(
	db: Db,
	{ facilitatorA, cohortA }: Pick<DemoActors, 'facilitatorA' | 'cohortA'>,
	now: number
): Promise<{ activityId: string; second: Actor }> {
	const activityId = await demoLiveActivity(db, facilitatorA, cohortA.id, now);
	const second = await demoParticipant(db, cohortA.id, DEMO_COHORTS.now.participants[1]);
	return { activityId, second };
}

/** An announcement `body` posted to cohort A by its facilitator through createPost (published on `live`): its id. */
export const announceToCohortA = (
	db: Db,
	live: FeedPublisher,
	{ facilitatorA, cohortA }: Pick<DemoActors, 'facilitatorA' | 'cohortA'>,
	body: string,
	now: number
): Promise<string> => createPost(db, live, facilitatorA, cohortA.id, { kind: 'announcement', body }, now);

/** A stand-in for the live bus that keeps the room signals published on it, in order (a test may empty `signals`). */
export function roomSignalRecorder(): { signals: RoomSignal[]; live: RoomPublisher } {
	const signals: RoomSignal[] = [];
	return { signals, live: { publishRoom: async (s) => void signals.push(s) } };
}

/**
 * One person entering (personJoined) or leaving (personLeft) a room at `at`, settled at `now` as one webhook alone
 * is (attendance, the director's pending marks). personJoined says whether the room and the person were ours.
 */
async function moveAlone(
	db: Db,
	record: (db: Db, moves: RoomMove[]) => Promise<(PresenceChange | null)[]>,
	move: Omit<RoomMove, 'sid'>,
	now: number
): Promise<boolean> {
	const [change] = await record(db, [{ ...move, sid: null }]);
	if (change) await settlePresences(db, [change], now);
	return change !== null;
}
export const personJoined = (db: Db, roomName: string, userId: string, at: number, now: number) =>
	moveAlone(db, recordJoins, { roomName, userId, at }, now);
export const personLeft = (db: Db, roomName: string, userId: string, at: number, now: number) =>
	moveAlone(db, recordLeaves, { roomName, userId, at }, now);
