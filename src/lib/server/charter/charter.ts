import type { Db } from '#lib/server/db/index.ts';
import type { CharterView } from '#lib/charter/contract.ts';
import { DomainError } from '#lib/server/http/errors.ts';
import {
	cohortAccess,
	requireCohortFacilitator,
	requireOwnParticipation,
	type Actor
} from '#lib/server/auth/policy.ts';
import type { PersonDataSection } from '#lib/server/privacy/person-data.ts';
import type { CharterInput } from './schemas.ts';
import { clock } from '#lib/server/clock.ts';

/**
 * The group's charter as a viewer may see it: everyone of the cohort (and the organisation's
 * overview) reads the text and how many accepted it; the facilitators also see who has not yet;
 * a participant sees whether they accepted the current version.
 */
export async function cohortCharter(db: Db, actor: Actor, cohortId: string): Promise<CharterView> {
	const { access } = await cohortAccess(db, actor, cohortId);
	const charter = await db
		.selectFrom('charter')
		.innerJoin('user', 'user.id', 'charter.updated_by')
		.select(['charter.body', 'charter.version', 'charter.updated_at', 'user.first_name as updatedBy'])
		.where('charter.cohort_id', '=', cohortId)
		.executeTakeFirst();
	const participants = await db
		.selectFrom('cohort_member')
		.innerJoin('user', 'user.id', 'cohort_member.user_id')
		.leftJoin('charter_acceptance', (join) =>
			join
				.onRef('charter_acceptance.cohort_id', '=', 'cohort_member.cohort_id')
				.onRef('charter_acceptance.user_id', '=', 'cohort_member.user_id')
		)
		.select(['user.id', 'user.first_name', 'charter_acceptance.version', 'charter_acceptance.accepted_at'])
		.where('cohort_member.cohort_id', '=', cohortId)
		.where('cohort_member.role', '=', 'participant')
		.orderBy('user.first_name')
		.execute();
	const current = (p: (typeof participants)[number]) => !!charter && p.version === charter.version;
	const mine = access === 'participant' ? participants.find((p) => p.id === actor.id) : undefined;
	return {
		access,
		text: charter
			? { body: charter.body, version: charter.version, updatedAt: charter.updated_at, updatedBy: charter.updatedBy }
			: null,
		participantCount: participants.length,
		acceptedCount: participants.filter(current).length,
		// Names of who has not accepted the current version yet: for the facilitators, who go and talk to them.
		pending:
			access === 'facilitator'
				? participants.filter((p) => !current(p)).map((p) => ({ id: p.id, firstName: p.first_name }))
				: [],
		mine: mine ? { accepted: current(mine), acceptedAt: current(mine) ? mine.accepted_at : null } : null
	};
}

/** Writes the charter (a facilitator of the cohort). A changed text is a new version: everyone accepts it again. */
export async function saveCharter(
	db: Db,
	actor: Actor,
	cohortId: string,
	input: CharterInput,
	now = clock.now()
): Promise<number> {
	await requireCohortFacilitator(db, actor, cohortId);
	return db.transaction().execute(async (trx) => {
		const existing = await trx
			.selectFrom('charter')
			.select(['body', 'version'])
			.where('cohort_id', '=', cohortId)
			.executeTakeFirst();
		if (!existing) {
			await trx
				.insertInto('charter')
				.values({ cohort_id: cohortId, body: input.body, version: 1, updated_by: actor.id, updated_at: now })
				.execute();
			return 1;
		}
		if (existing.body === input.body) return existing.version;
		const version = existing.version + 1;
		await trx
			.updateTable('charter')
			.set({ body: input.body, version, updated_by: actor.id, updated_at: now })
			.where('cohort_id', '=', cohortId)
			.execute();
		return version;
	});
}

/**
 * A participant accepts the charter they read. The version they read comes with the form: if the
 * text changed meanwhile, they are asked to read it again rather than accepting words they never saw.
 */
export async function acceptCharter(
	db: Db,
	actor: Actor,
	cohortId: string,
	version: number,
	now = clock.now()
): Promise<void> {
	await requireOwnParticipation(db, actor, cohortId);
	const charter = await db.selectFrom('charter').select('version').where('cohort_id', '=', cohortId).executeTakeFirst();
	if (!charter) throw new DomainError(409, 'charter_missing', `cohort ${cohortId} has no charter`);
	if (charter.version !== version)
		throw new DomainError(409, 'charter_changed', `read version ${version}, current ${charter.version}`);
	await db
		.insertInto('charter_acceptance')
		.values({ cohort_id: cohortId, user_id: actor.id, version, accepted_at: now })
		.onConflict((oc) => oc.columns(['cohort_id', 'user_id']).doUpdateSet({ version, accepted_at: now }))
		.execute();
}

/** Acceptances are facts about the group (kept on erasure: they name nobody once the person is anonymised). */
export const charterPersonData: PersonDataSection = {
	key: 'charterAcceptances',
	collect: (db, userId) =>
		db
			.selectFrom('charter_acceptance')
			.select(['cohort_id', 'version', 'accepted_at'])
			.where('user_id', '=', userId)
			.orderBy('accepted_at')
			.execute(),
	erase: async () => {}
};
