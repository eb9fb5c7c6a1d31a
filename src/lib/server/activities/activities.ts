import type { Db } from '#lib/server/db/index.ts';
import { newId } from '#lib/server/db/ids.ts';
import { notFound } from '#lib/server/http/errors.ts';
import { cohortAccess, requireCohortFacilitator, type Actor } from '#lib/server/auth/policy.ts';
import { organisationTimeZone } from '#lib/server/cohorts/cohorts.ts';
import { zonedInstant } from '#lib/server/cohorts/local-time.ts';
import type { ActivityInput } from './schemas.ts';
import { groupByWeek } from './timeline.ts';
import { activityFileIds } from '#lib/server/assignments/files.ts';
import { uploadStore } from '#lib/server/uploads/store.ts';
import { clock } from '#lib/server/clock.ts';
import { activityRoomName } from '#lib/server/livekit/room-names.ts';
import { inTransaction, refreshRollup } from '#lib/server/insights/rollups.ts';

// Activities last at most 600 minutes (see the schemas), so older ones cannot still be running.
const MAX_DURATION_MS = 600 * 60_000;
const timelineColumns = [
	'id',
	'kind',
	'title',
	'starts_at',
	'duration_minutes',
	'objectives',
	'optional',
	'place',
	'fallback'
] as const;

/** The cohort's week-by-week timeline, for anyone who may see the cohort. */
export async function cohortTimeline(db: Db, actor: Actor, cohortId: string) {
	const { cohort } = await cohortAccess(db, actor, cohortId);
	const timeZone = await organisationTimeZone(db, cohort.organisation_id);
	const activities = await db
		.selectFrom('activity')
		.select(timelineColumns)
		.where('cohort_id', '=', cohortId)
		.where('cancelled_at', 'is', null)
		.orderBy('starts_at')
		.execute();
	return { timeZone, weeks: groupByWeek(activities, cohort.start_date, timeZone) };
}

async function activityRow(db: Db, cohortId: string, input: ActivityInput, now: number) {
	const timeZone = await organisationTimeZone(
		db,
		(await db.selectFrom('cohort').select('organisation_id').where('id', '=', cohortId).executeTakeFirstOrThrow())
			.organisation_id
	);
	return {
		kind: input.kind,
		title: input.title,
		starts_at: zonedInstant(input.date, input.time, timeZone),
		duration_minutes: input.durationMinutes,
		objectives: input.objectives,
		optional: input.optional ? 1 : 0,
		place: input.place ?? '',
		fallback: input.fallback ?? '',
		updated_at: now
	};
}

/** A dated activity added to one cohort only: the programme stays as it is. */
export async function addActivity(
	db: Db,
	actor: Actor,
	cohortId: string,
	input: ActivityInput,
	now = clock.now()
): Promise<string> {
	await requireCohortFacilitator(db, actor, cohortId);
	const id = newId();
	const row = await activityRow(db, cohortId, input, now);
	await inTransaction(db, async (trx) => {
		await trx
			.insertInto('activity')
			.values({
				id,
				cohort_id: cohortId,
				block_id: null,
				room_name: input.kind === 'live' ? activityRoomName(id) : null,
				cancelled_at: null,
				created_at: now,
				...row
			})
			.execute();
		await refreshRollup(trx, cohortId, now);
	});
	return id;
}

export async function updateActivity(
	db: Db,
	actor: Actor,
	cohortId: string,
	activityId: string,
	input: ActivityInput,
	now = clock.now()
) {
	await requireCohortFacilitator(db, actor, cohortId);
	const row = await activityRow(db, cohortId, input, now);
	const existing = await db
		.selectFrom('activity')
		.select(['room_name'])
		.where('id', '=', activityId)
		.where('cohort_id', '=', cohortId)
		.executeTakeFirst();
	if (!existing) throw notFound(`activity ${activityId}`);
	await inTransaction(db, async (trx) => {
		await trx
			.updateTable('activity')
			.set({
				...row,
				room_name: input.kind === 'live' ? (existing.room_name ?? activityRoomName(activityId)) : existing.room_name
			})
			.where('id', '=', activityId)
			.where('cohort_id', '=', cohortId)
			.execute();
		await refreshRollup(trx, cohortId, now);
	});
}

export async function removeActivity(
	db: Db,
	actor: Actor,
	cohortId: string,
	activityId: string,
	store = uploadStore()
) {
	await requireCohortFacilitator(db, actor, cohortId);
	// Its submissions and assignment go with it (cascade); their files on disk are removed after.
	const files = await activityFileIds(db, activityId);
	const removed = await inTransaction(db, async (trx) => {
		const result = await trx
			.deleteFrom('activity')
			.where('id', '=', activityId)
			.where('cohort_id', '=', cohortId)
			.executeTakeFirst();
		await refreshRollup(trx, cohortId, clock.now());
		return result;
	});
	if (Number(removed.numDeletedRows) !== 1) throw notFound(`activity ${activityId}`);
	await store.remove(files);
}

/** One activity as its editor shows it (facilitators of the cohort only). */
export async function getActivity(db: Db, actor: Actor, cohortId: string, activityId: string) {
	await requireCohortFacilitator(db, actor, cohortId);
	const activity = await db
		.selectFrom('activity')
		.selectAll()
		.where('id', '=', activityId)
		.where('cohort_id', '=', cohortId)
		.executeTakeFirst();
	if (!activity) throw notFound(`activity ${activityId}`);
	return activity;
}

/** What a person's agenda and calendar show of an activity (from `activity` joined with its `cohort`). */
export const ACTIVITY_AGENDA_COLUMNS = [
	'activity.id',
	'activity.kind',
	'activity.title',
	'activity.starts_at',
	'activity.duration_minutes',
	'activity.objectives',
	'activity.place',
	'cohort.name as cohortName',
	'cohort.id as cohortId'
] as const;

/** A participant's home: the next activity to join and what is due, across their cohorts. */
export async function participantAgenda(db: Db, actor: Actor, now = clock.now()) {
	const rowsRead = db
		.selectFrom('activity')
		.innerJoin('cohort_member', 'cohort_member.cohort_id', 'activity.cohort_id')
		.innerJoin('cohort', 'cohort.id', 'activity.cohort_id')
		.select([...ACTIVITY_AGENDA_COLUMNS, 'activity.optional', 'activity.fallback'])
		.where('cohort_member.user_id', '=', actor.id)
		.where('cohort_member.role', '=', 'participant')
		.where('activity.cancelled_at', 'is', null)
		.where('activity.starts_at', '>', now - MAX_DURATION_MS)
		.orderBy('activity.starts_at')
		.limit(50)
		.execute();
	const [rows, timeZone] = await Promise.all([rowsRead, organisationTimeZone(db, actor.organisation_id)]);
	// Ongoing or upcoming: an activity stays "next" until it ends.
	const current = rows.filter((r) => r.starts_at + r.duration_minutes * 60_000 > now);
	const next = current.find((r) => r.kind !== 'async');
	const due = current.filter((r) => r.kind === 'async').slice(0, 5);
	return { timeZone, next, due, upcoming: current.filter((r) => r !== next && r.kind !== 'async').slice(0, 5) };
}
