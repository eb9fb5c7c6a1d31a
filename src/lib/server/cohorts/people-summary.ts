import type { Db } from '#lib/server/db/index.ts';
import { requireCohortFacilitator, type Actor } from '#lib/server/auth/policy.ts';
import { assignmentState, latestBy } from '#lib/server/assignments/status.ts';
import { clock } from '#lib/server/clock.ts';
import { waiversOf } from '#lib/server/assignments/assignments.ts';

export interface PersonSummary {
	id: string;
	firstName: string;
	lastName: string | null;
	peerAmbassador: boolean;
	/** Sessions held so far (live and in person, ended, not cancelled) and those the person attended. */
	attended: number;
	held: number;
	/** Async work past its due date and not handed in: what the facilitator reads as late. */
	lateWork: number;
	/** The current charter accepted (null: the cohort has no charter yet). */
	charterAccepted: boolean | null;
	/** The person's last sign-in (their newest session), null when none is kept. */
	lastSeenAt: number | null;
}

const endOf = (a: { starts_at: number; duration_minutes: number }) => a.starts_at + a.duration_minutes * 60_000;

/**
 * The cohort's people as their facilitators see them at a glance (issue 11): attendance so far, late work,
 * the charter, the last sign-in. Six queries for the whole cohort, whatever its size; with `onlyUserId`, that
 * person's row only (their file's summary).
 */
export async function cohortPeopleSummary(
	db: Db,
	actor: Actor,
	cohortId: string,
	now = clock.now(),
	onlyUserId?: string
): Promise<PersonSummary[]> {
	await requireCohortFacilitator(db, actor, cohortId);
	const people = await db
		.selectFrom('cohort_member')
		.innerJoin('user', 'user.id', 'cohort_member.user_id')
		.select(['user.id', 'user.first_name', 'user.last_name', 'cohort_member.peer_ambassador'])
		.where('cohort_member.cohort_id', '=', cohortId)
		.where('cohort_member.role', '=', 'participant')
		.$if(onlyUserId !== undefined, (qb) => qb.where('user.id', '=', onlyUserId!))
		.orderBy('user.first_name')
		.orderBy('user.last_name')
		.execute();
	if (!people.length) return [];
	const ids = people.map((p) => p.id);
	const activities = await db
		.selectFrom('activity')
		.leftJoin('assignment', 'assignment.activity_id', 'activity.id')
		.select(['activity.id', 'activity.kind', 'activity.starts_at', 'activity.duration_minutes', 'assignment.due_at'])
		.where('activity.cohort_id', '=', cohortId)
		.where('activity.cancelled_at', 'is', null)
		.where('activity.starts_at', '<=', now)
		.execute();
	const held = activities.filter((a) => (a.kind === 'live' || a.kind === 'in_person') && endOf(a) <= now);
	const dueWork = activities.filter((a) => a.kind === 'async' && (a.due_at ?? endOf(a)) < now);
	const presences = held.length
		? await db
				.selectFrom('attendance')
				.select(['user_id', 'mode'])
				.where(
					'activity_id',
					'in',
					held.map((a) => a.id)
				)
				.where('mode', 'not in', ['absent', 'excused'])
				.execute()
		: [];
	const submissions = dueWork.length
		? await db
				.selectFrom('submission')
				.select(['activity_id', 'user_id', 'version', 'status', 'submitted_at'])
				.where(
					'activity_id',
					'in',
					dueWork.map((a) => a.id)
				)
				.execute()
		: [];
	const latest = latestBy(submissions, (s) => `${s.activity_id}/${s.user_id}`);
	const waived = await waiversOf(
		db,
		dueWork.map((a) => a.id)
	);
	const charter = await db.selectFrom('charter').select('version').where('cohort_id', '=', cohortId).executeTakeFirst();
	const accepted = charter
		? await db
				.selectFrom('charter_acceptance')
				.select('user_id')
				.where('cohort_id', '=', cohortId)
				.where('version', '=', charter.version)
				.execute()
		: [];
	const sessions = await db
		.selectFrom('session')
		.select(['user_id', (eb) => eb.fn.max('created_at').as('lastSeenAt')])
		.where('user_id', 'in', ids)
		.groupBy('user_id')
		.execute();
	const lastSeen = new Map(sessions.map((s) => [s.user_id, Number(s.lastSeenAt)]));
	const acceptedBy = new Set(accepted.map((a) => a.user_id));
	return people.map((p) => ({
		id: p.id,
		firstName: p.first_name,
		lastName: p.last_name,
		peerAmbassador: p.peer_ambassador === 1,
		attended: presences.filter((a) => a.user_id === p.id).length,
		held: held.length,
		lateWork: dueWork.filter(
			(a) =>
				assignmentState(latest.get(`${a.id}/${p.id}`), a.due_at ?? endOf(a), now, waived.has(`${a.id}/${p.id}`)) ===
				'late'
		).length,
		charterAccepted: charter ? acceptedBy.has(p.id) : null,
		lastSeenAt: lastSeen.get(p.id) ?? null
	}));
}
