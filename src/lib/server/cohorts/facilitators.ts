import { PostgresAdapter } from 'kysely';
import type { Db } from '#lib/server/db/index.ts';
import { DomainError } from '#lib/server/http/errors.ts';
import { requireCohortFacilitatorAssigner, requireFacilitatorAssigner, type Actor } from '#lib/server/auth/policy.ts';
import { audit } from '#lib/server/privacy/audit.ts';
import { inTransaction } from '#lib/server/insights/rollups.ts';
import { clock } from '#lib/server/clock.ts';

/** The organisation's facilitators whose account is open: those a cohort may be given to. */
export async function activeFacilitators(db: Db, organisationId: string) {
	return db
		.selectFrom('user')
		.select(['id', 'first_name as firstName', 'last_name as lastName'])
		.where('organisation_id', '=', organisationId)
		.where('role', '=', 'facilitator')
		.where('disabled_at', 'is', null)
		.orderBy('first_name')
		.orderBy('last_name')
		.orderBy('id')
		.execute();
}

/** The facilitators a director or admin may choose from (a new cohort's, or to change a cohort's). */
export async function facilitatorChoices(db: Db, actor: Actor) {
	requireFacilitatorAssigner(actor);
	return activeFacilitators(db, actor.organisation_id);
}

/**
 * Who may run a cohort: `wanted` without repeats, at least one (a cohort is never left without a facilitator),
 * each an open facilitator account of the organisation — or one who runs it already (a facilitator whose
 * account was closed stays until someone takes over).
 */
async function checkedFacilitators(db: Db, organisationId: string, wanted: readonly string[], current: string[] = []) {
	const ids = [...new Set(wanted)];
	if (ids.length === 0) throw new DomainError(400, 'orgadmin_facilitators_required', 'a cohort needs a facilitator');
	const open = new Set((await activeFacilitators(db, organisationId)).map((f) => f.id));
	const unknown = ids.filter((id) => !open.has(id) && !current.includes(id));
	if (unknown.length)
		throw new DomainError(400, 'orgadmin_facilitator_unknown', `not an open facilitator account: ${unknown.join(',')}`);
	return ids;
}

/** The facilitators a new cohort starts with: whom a director chose, or the facilitator who opens it. */
export async function newCohortFacilitators(db: Db, actor: Actor, chosen: readonly string[]): Promise<string[]> {
	if (actor.role === 'facilitator') return [actor.id];
	requireFacilitatorAssigner(actor);
	return checkedFacilitators(db, actor.organisation_id, chosen);
}

async function currentFacilitators(db: Db, cohortId: string) {
	const rows = await db
		.selectFrom('cohort_member')
		.select('user_id')
		.where('cohort_id', '=', cohortId)
		.where('role', '=', 'facilitator')
		.execute();
	return rows.map((r) => r.user_id);
}

/** A cohort and who may run it, for its director or admin: every open facilitator account, and those who run it. */
export async function cohortFacilitators(db: Db, actor: Actor, cohortId: string) {
	const cohort = await requireCohortFacilitatorAssigner(db, actor, cohortId);
	const current = await currentFacilitators(db, cohortId);
	const open = await activeFacilitators(db, cohort.organisation_id);
	const closed = current.length
		? await db
				.selectFrom('user')
				.select(['id', 'first_name as firstName', 'last_name as lastName'])
				.where('id', 'in', current)
				.where('disabled_at', 'is not', null)
				.execute()
		: [];
	return {
		cohort: { id: cohort.id, name: cohort.name, code: cohort.code },
		facilitators: [
			...open.map((f) => ({ ...f, assigned: current.includes(f.id), disabled: false })),
			...closed.map((f) => ({ ...f, assigned: true, disabled: true }))
		]
	};
}

/**
 * Sets who runs a cohort (adding a co-facilitator, removing one, handing the cohort over): only the
 * facilitators' membership rows change — activities, attendance, work, notes and files stay with the cohort,
 * and the new facilitators find them all. Each change is in the audit log. Returns who was added and removed.
 */
export async function setCohortFacilitators(
	db: Db,
	actor: Actor,
	cohortId: string,
	wanted: readonly string[],
	now = clock.now()
): Promise<{ added: string[]; removed: string[] }> {
	const cohort = await requireCohortFacilitatorAssigner(db, actor, cohortId);
	return inTransaction(db, async (trx) => {
		// PostgreSQL: two changes of one cohort at a time would each keep "at least one" and together leave none.
		if (trx.getExecutor().adapter instanceof PostgresAdapter)
			await trx.selectFrom('cohort').select('id').where('id', '=', cohortId).forUpdate().execute();
		const current = await currentFacilitators(trx, cohortId);
		const ids = await checkedFacilitators(trx, cohort.organisation_id, wanted, current);
		const added = ids.filter((id) => !current.includes(id));
		const removed = current.filter((id) => !ids.includes(id));
		if (removed.length)
			await trx
				.deleteFrom('cohort_member')
				.where('cohort_id', '=', cohortId)
				.where('role', '=', 'facilitator')
				.where('user_id', 'in', removed)
				.execute();
		await addFacilitators(trx, cohortId, added, now);
		for (const [action, people] of [
			['cohort.facilitator_add', added],
			['cohort.facilitator_remove', removed]
		] as const) {
			for (const subjectId of people)
				await audit(trx, { actorId: actor.id, action, subjectType: 'person', subjectId, detail: cohortId }, now);
		}
		return { added, removed };
	});
}

/** Makes `userIds` facilitators of the cohort (its creation, a hand-over): their membership rows, nothing else. */
export async function addFacilitators(db: Db, cohortId: string, userIds: readonly string[], now: number) {
	if (!userIds.length) return;
	await db
		.insertInto('cohort_member')
		.values(
			userIds.map((user_id) => ({
				cohort_id: cohortId,
				user_id,
				role: 'facilitator' as const,
				name_key: null,
				peer_ambassador: 0,
				joined_at: now
			}))
		)
		.execute();
}
