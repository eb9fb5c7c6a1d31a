import type { Db } from '#lib/server/db/index.ts';
import type { Actor } from '#lib/server/auth/policy.ts';
import { addActivity } from '#lib/server/activities/activities.ts';
import { DEMO_COHORTS, DEMO_STAFF } from './demo.ts';

const actorColumns = [
	'user.id',
	'user.organisation_id',
	'user.role',
	'user.first_name',
	'user.last_name',
	'user.email'
] as const;

/** A participant of a cohort as an actor, found by first name (the demo's names are unique per cohort). */
export const demoParticipant = async (db: Db, cohortId: string, firstName: string): Promise<Actor> =>
	db
		.selectFrom('user')
		.innerJoin('cohort_member', 'cohort_member.user_id', 'user.id')
		.select(actorColumns)
		.where('cohort_member.cohort_id', '=', cohortId)
		.where('user.first_name', '=', firstName)
		.executeTakeFirstOrThrow();

/** The seeded demo club as actors and ids, for tests and benches that start from `seedDemo`. */
export async function demoActors(db: Db) {
	const staff = async (email: string): Promise<Actor> =>
		db.selectFrom('user').select(actorColumns).where('email', '=', email).executeTakeFirstOrThrow();
	const cohort = async (code: string) =>
		db.selectFrom('cohort').selectAll().where('code', '=', code).executeTakeFirstOrThrow();
	const participant = (cohortId: string, firstName: string) => demoParticipant(db, cohortId, firstName);
	const cohortA = await cohort(DEMO_COHORTS.now.code);
	const cohortB = await cohort(DEMO_COHORTS.lastYear.code);
	return {
		cohortA,
		cohortB,
		admin: await staff(DEMO_STAFF.admin.email),
		director: await staff(DEMO_STAFF.director.email),
		facilitatorA: await staff(DEMO_STAFF.facilitatorNow.email),
		facilitatorB: await staff(DEMO_STAFF.facilitatorLastYear.email),
		participantA: await participant(cohortA.id, DEMO_COHORTS.now.participants[0]),
		participantB: await participant(cohortB.id, DEMO_COHORTS.lastYear.participants[0])
	};
}

export type DemoActors = Awaited<ReturnType<typeof demoActors>>;

/** A live activity for data-layer tests of the room: "Atelier CV en visio", 23 November 2026 at 09:30 (Paris), 90 min. */
export const demoLiveActivity = (db: Db, facilitator: Actor, cohortId: string, now: number): Promise<string> =>
	addActivity(
		db,
		facilitator,
		cohortId,
		{
			kind: 'live',
			title: 'Atelier CV en visio',
			date: '2026-11-23',
			time: '09:30',
			durationMinutes: 90,
			objectives: '',
			optional: false
		},
		now
	);
