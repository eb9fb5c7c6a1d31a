import type { Db } from '#lib/server/db/index.ts';
import { notFound } from '#lib/server/http/errors.ts';
import { cohortAccess, isParticipant, requireCohortFacilitator, type Actor } from '#lib/server/auth/policy.ts';
import { clock } from '#lib/server/clock.ts';

/** A newcomer is shown the group's ambassadors during their first three weeks. */
export const NEWCOMER_MS = 21 * 24 * 3_600_000;

/** Marks or unmarks a participant of the cohort as a peer ambassador (a facilitator of the cohort). */
export async function setPeerAmbassador(
	db: Db,
	actor: Actor,
	cohortId: string,
	userId: string,
	ambassador: boolean
): Promise<void> {
	await requireCohortFacilitator(db, actor, cohortId);
	const updated = await db
		.updateTable('cohort_member')
		.set({ peer_ambassador: ambassador ? 1 : 0 })
		.where('cohort_id', '=', cohortId)
		.where('user_id', '=', userId)
		.where('role', '=', 'participant')
		.executeTakeFirst();
	if (Number(updated.numUpdatedRows) === 0) throw notFound(`participant ${userId} in cohort ${cohortId}`);
}

/** The ambassadors a member of the cohort can turn to (first names only), the viewer excluded. */
export async function cohortAmbassadors(
	db: Db,
	actor: Actor,
	cohortId: string
): Promise<Array<{ id: string; firstName: string }>> {
	await cohortAccess(db, actor, cohortId);
	return ambassadorsOf(db, cohortId, actor.id);
}

/** The cohort's ambassadors but the viewer, for a caller who has checked the viewer's access. */
async function ambassadorsOf(db: Db, cohortId: string, viewerId: string) {
	const rows = await db
		.selectFrom('cohort_member')
		.innerJoin('user', 'user.id', 'cohort_member.user_id')
		.select(['user.id', 'user.first_name'])
		.where('cohort_member.cohort_id', '=', cohortId)
		.where('cohort_member.role', '=', 'participant')
		.where('cohort_member.peer_ambassador', '=', 1)
		.where('user.id', '!=', viewerId)
		.orderBy('user.first_name')
		.execute();
	return rows.map((r) => ({ id: r.id, firstName: r.first_name }));
}

/**
 * What /me shows a participant about their groups' welcome: whether the charter waits for their
 * agreement, and — during their first weeks — the ambassadors they can turn to.
 */
export async function participantWelcome(db: Db, actor: Actor, now = clock.now()) {
	if (!isParticipant(actor)) return [];
	const memberships = await db
		.selectFrom('cohort_member')
		.leftJoin('charter', 'charter.cohort_id', 'cohort_member.cohort_id')
		.leftJoin('charter_acceptance', (join) =>
			join
				.onRef('charter_acceptance.cohort_id', '=', 'cohort_member.cohort_id')
				.onRef('charter_acceptance.user_id', '=', 'cohort_member.user_id')
		)
		.select([
			'cohort_member.cohort_id',
			'cohort_member.joined_at',
			'charter.version as charterVersion',
			'charter_acceptance.version as acceptedVersion'
		])
		.where('cohort_member.user_id', '=', actor.id)
		.where('cohort_member.role', '=', 'participant')
		.execute();
	return Promise.all(
		memberships.map(async (m) => ({
			cohortId: m.cohort_id,
			charterPending: m.charterVersion !== null && m.acceptedVersion !== m.charterVersion,
			// Their membership is the row just read: no second access check.
			ambassadors: now - m.joined_at < NEWCOMER_MS ? await ambassadorsOf(db, m.cohort_id, actor.id) : []
		}))
	);
}
