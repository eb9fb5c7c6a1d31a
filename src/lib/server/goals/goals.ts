import type { Db } from '#lib/server/db/index.ts';
import { newId } from '#lib/server/db/ids.ts';
import type { GoalStatus } from '#lib/server/db/schema-moments.ts';
import { forbidden, notFound } from '#lib/server/http/errors.ts';
import { myParticipantCohorts } from '#lib/server/cohorts/cohorts.ts';
import {
	isParticipant,
	requireFacilitatedParticipant,
	requireParticipant,
	type Actor
} from '#lib/server/auth/policy.ts';
import type { PersonDataSection } from '#lib/server/privacy/person-data.ts';
import type { GoalInput, OwnStepInput } from './schemas.ts';
import { clock } from '#lib/server/clock.ts';
import { inTransaction, refreshRollup } from '#lib/server/insights/rollups.ts';

const goalColumns = [
	'id',
	'cohort_id',
	'user_id',
	'kind',
	'category',
	'title',
	'target_date',
	'status',
	'achieved_at',
	'created_by',
	'created_at',
	'celebration_seen_at'
] as const;

/** achieved_at follows the status: set when it becomes achieved, kept while it stays so, cleared otherwise. */
function achievedAt(status: GoalStatus, previous: number | null, now: number): number | null {
	if (status !== 'achieved') return null;
	return previous ?? now;
}

/** A person's goals as pages list them: end situations first, then steps, each in the order they were written. */
function goalsOf(db: Db, userId: string) {
	return db
		.selectFrom('goal')
		.select(goalColumns)
		.where('user_id', '=', userId)
		.orderBy('kind')
		.orderBy('created_at')
		.orderBy('id');
}

/** Writes a new goal; achieved_at follows its status. */
async function insertGoal(
	db: Db,
	goal: GoalInput & { cohortId: string; userId: string; createdBy: string },
	now: number
): Promise<string> {
	const id = newId();
	await inTransaction(db, async (trx) => {
		await trx
			.insertInto('goal')
			.values({
				id,
				cohort_id: goal.cohortId,
				user_id: goal.userId,
				kind: goal.kind,
				category: goal.category,
				title: goal.title,
				target_date: goal.targetDate,
				status: goal.status,
				achieved_at: achievedAt(goal.status, null, now),
				created_by: goal.createdBy,
				created_at: now,
				updated_at: now,
				celebration_seen_at: null
			})
			.execute();
		await refreshRollup(trx, goal.cohortId, now, goal.userId);
	});
	return id;
}

/** A person's goals in a cohort, for the cohort's facilitators: end situations first, then steps. */
export async function personGoals(db: Db, actor: Actor, cohortId: string, userId: string) {
	const { cohort, person } = await requireFacilitatedParticipant(db, actor, cohortId, userId);
	const goals = await goalsOf(db, userId).where('cohort_id', '=', cohortId).execute();
	return {
		cohort: { id: cohort.id, name: cohort.name },
		person: { id: person.id, firstName: person.first_name, lastName: person.last_name },
		goals
	};
}

export async function createGoal(
	db: Db,
	actor: Actor,
	cohortId: string,
	userId: string,
	input: GoalInput,
	now = clock.now()
): Promise<string> {
	await requireFacilitatedParticipant(db, actor, cohortId, userId);
	return insertGoal(db, { ...input, cohortId, userId, createdBy: actor.id }, now);
}

async function goalOf(db: Db, goalId: string) {
	return db.selectFrom('goal').select(goalColumns).where('id', '=', goalId).executeTakeFirst();
}

/** A facilitator of the goal's cohort edits it (a goal of another cohort, or of another person, is "not found"). */
export async function updateGoal(
	db: Db,
	actor: Actor,
	cohortId: string,
	userId: string,
	goalId: string,
	input: GoalInput,
	now = clock.now()
): Promise<void> {
	await requireFacilitatedParticipant(db, actor, cohortId, userId);
	const goal = await goalOf(db, goalId);
	if (!goal || goal.cohort_id !== cohortId || goal.user_id !== userId) throw notFound(`goal ${goalId}`);
	const achieved = achievedAt(input.status, goal.achieved_at, now);
	await inTransaction(db, async (trx) => {
		await trx
			.updateTable('goal')
			.set({
				kind: input.kind,
				category: input.category,
				title: input.title,
				target_date: input.targetDate,
				status: input.status,
				achieved_at: achieved,
				// A new achievement is celebrated again.
				celebration_seen_at: achieved === goal.achieved_at ? goal.celebration_seen_at : null,
				updated_at: now
			})
			.where('id', '=', goalId)
			.execute();
		await refreshRollup(trx, cohortId, now, userId);
	});
}

/** The participant's own goals (all their cohorts), for /me/goals. */
export async function myGoals(db: Db, actor: Actor) {
	const cohorts = await myParticipantCohorts(db, actor, 'no goals of their own');
	const goals = await goalsOf(db, actor.id).execute();
	return { cohort: cohorts[0] ?? null, goals };
}

/** The person adds a small step of their own, in their current cohort. */
export async function addOwnStep(db: Db, actor: Actor, input: OwnStepInput, now = clock.now()): Promise<string> {
	const [cohort] = await myParticipantCohorts(db, actor, 'no goals of their own');
	if (!cohort) throw forbidden(`participant ${actor.id} has no cohort`);
	return insertGoal(
		db,
		{ ...input, kind: 'step', status: 'planned', cohortId: cohort.id, userId: actor.id, createdBy: actor.id },
		now
	);
}

/**
 * The person marks one of their own small steps as achieved (whoever wrote it). End situations
 * (a job, a training…) are confirmed by a facilitator. Someone else's goal is "not found".
 */
export async function markOwnStepAchieved(db: Db, actor: Actor, goalId: string, now = clock.now()): Promise<void> {
	await myParticipantCohorts(db, actor, 'no goals of their own');
	const goal = await goalOf(db, goalId);
	if (!goal || goal.user_id !== actor.id) throw notFound(`goal ${goalId}`);
	if (goal.kind !== 'step') throw forbidden(`goal ${goalId} is an end situation`);
	if (goal.status === 'achieved') return;
	await inTransaction(db, async (trx) => {
		await trx
			.updateTable('goal')
			.set({ status: 'achieved', achieved_at: now, celebration_seen_at: null, updated_at: now })
			.where('id', '=', goalId)
			.execute();
		await refreshRollup(trx, goal.cohort_id, now, goal.user_id);
	});
}

/** Achievements the person has not closed the "Bravo" banner of yet, newest first. */
export async function pendingCelebrations(db: Db, actor: Actor) {
	if (!isParticipant(actor)) return [];
	return db
		.selectFrom('goal')
		.select(['id', 'title', 'kind', 'category', 'achieved_at'])
		.where('user_id', '=', actor.id)
		.where('status', '=', 'achieved')
		.where('celebration_seen_at', 'is', null)
		.orderBy('achieved_at', 'desc')
		.orderBy('id')
		.execute();
}

/** The person closed the banner: it is not shown again. */
export async function closeCelebration(db: Db, actor: Actor, goalId: string, now = clock.now()): Promise<void> {
	requireParticipant(actor);
	const goal = await goalOf(db, goalId);
	if (!goal || goal.user_id !== actor.id) throw notFound(`goal ${goalId}`);
	await db.updateTable('goal').set({ celebration_seen_at: now }).where('id', '=', goalId).execute();
}

/** Goals are about their person: exported whole; erased to their category and status (counts of goals met stay). */
export const goalsPersonData: PersonDataSection = {
	key: 'goals',
	async collect(db, userId) {
		return db
			.selectFrom('goal')
			.select(goalColumns)
			.where('user_id', '=', userId)
			.orderBy('created_at')
			.orderBy('id')
			.execute();
	},
	async erase(trx, userId) {
		await trx
			.updateTable('goal')
			.set({ title: '', target_date: null, created_by: null })
			.where('user_id', '=', userId)
			.execute();
		// Goals this person wrote for others stay, without their author.
		await trx.updateTable('goal').set({ created_by: null }).where('created_by', '=', userId).execute();
	}
};
