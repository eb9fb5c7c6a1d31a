import type { Db } from '#lib/server/db/index.ts';
import { newId } from '#lib/server/db/ids.ts';
import { DomainError } from '#lib/server/http/errors.ts';
import { nameKey } from '#lib/server/auth/names.ts';
import { requireDirectEnroller, type Actor } from '#lib/server/auth/policy.ts';
import { audit } from '#lib/server/privacy/audit.ts';
import { inTransaction, refreshRollup } from '#lib/server/insights/rollups.ts';
import { clock } from '#lib/server/clock.ts';
import type { EnrolInput } from './schemas.ts';

/**
 * A facilitator (or an admin) enrols a person in a cohort without an invite — someone with no phone or no
 * e-mail yet: the account and the membership are made together, with NO PIN. Such an account cannot log in
 * until a facilitator gives it a one-time code (`resetParticipantPin`, the "Codes oubliés" page); the person
 * then chooses their own PIN. A first name already used in the cohort is refused (it is how people log in).
 */
export async function enrolWithoutInvite(
	db: Db,
	actor: Actor,
	cohortId: string,
	input: EnrolInput,
	now = clock.now()
): Promise<{ userId: string; firstName: string }> {
	const cohort = await requireDirectEnroller(db, actor, cohortId);
	const key = nameKey(input.firstName);
	return inTransaction(db, async (trx) => {
		const taken = await trx
			.selectFrom('cohort_member')
			.select('user_id')
			.where('cohort_id', '=', cohortId)
			.where('name_key', '=', key)
			.executeTakeFirst();
		if (taken) throw new DomainError(409, 'enrol_name_taken', `name ${key} taken in cohort ${cohortId}`);
		const userId = await insertParticipant(
			trx,
			{ organisationId: cohort.organisation_id, cohortId, firstName: input.firstName, nameKey: key },
			{ lastName: input.lastName ? input.lastName : null, pinHash: null },
			now
		);
		await audit(
			trx,
			{ actorId: actor.id, action: 'person.enrol', subjectType: 'person', subjectId: userId, detail: cohortId },
			now
		);
		await refreshRollup(trx, cohortId, now, userId);
		return { userId, firstName: input.firstName };
	});
}

/**
 * A participant's account and their membership of a cohort, written together (by an invite redeemed, or a
 * facilitator enrolling someone): the one place that knows both rows. Call it inside a transaction.
 */
export async function insertParticipant(
	trx: Db,
	who: { organisationId: string; cohortId: string; firstName: string; nameKey: string },
	account: { lastName: string | null; pinHash: string | null },
	now: number
): Promise<string> {
	const userId = newId();
	await trx
		.insertInto('user')
		.values({
			id: userId,
			organisation_id: who.organisationId,
			role: 'participant',
			first_name: who.firstName,
			last_name: account.lastName,
			email: null,
			password_hash: null,
			pin_hash: account.pinHash,
			disabled_at: null,
			created_at: now
		})
		.execute();
	await trx
		.insertInto('cohort_member')
		.values({
			cohort_id: who.cohortId,
			user_id: userId,
			role: 'participant',
			name_key: who.nameKey,
			peer_ambassador: 0,
			joined_at: now
		})
		.execute();
	return userId;
}
