import type { Db } from '#lib/server/db/index.ts';
import { DomainError, forbidden } from '#lib/server/http/errors.ts';
import { requireFacilitatedParticipant, requireParticipant, type Actor } from '#lib/server/auth/policy.ts';
import { ERASED_NAME } from '#lib/erased.ts';
import { uploadedFileIds } from '#lib/server/assignments/person-data.ts';
import type { UploadStore } from '#lib/server/uploads/store.ts';
import { audit } from './audit.ts';
import type { PersonDataSection } from './person-data.ts';
import { PERSON_DATA_SECTIONS } from './sections.ts';
import { clock } from '#lib/server/clock.ts';
import { refreshRollupsOfUser } from '#lib/server/insights/rollups.ts';

/** Everything the app holds about a person (GDPR access and portability), as plain JSON. */
async function collectPerson(db: Db, userId: string, now: number, sections: PersonDataSection[]) {
	const user = await db
		.selectFrom('user')
		.select(['id', 'organisation_id', 'role', 'first_name', 'last_name', 'email', 'disabled_at', 'created_at'])
		.where('id', '=', userId)
		.executeTakeFirstOrThrow();
	const memberships = await db
		.selectFrom('cohort_member')
		.innerJoin('cohort', 'cohort.id', 'cohort_member.cohort_id')
		.select([
			'cohort.id as cohort_id',
			'cohort.name as cohort_name',
			'cohort_member.role',
			'cohort_member.name_key',
			'cohort_member.peer_ambassador',
			'cohort_member.joined_at'
		])
		.where('cohort_member.user_id', '=', userId)
		.orderBy('cohort_member.joined_at')
		.execute();
	const data: Record<string, unknown> = {};
	for (const section of sections) data[section.key] = await section.collect(db, userId);
	return { exportedAt: new Date(now).toISOString(), user, memberships, ...data };
}

/** The person's own data, for them to download. */
export async function exportMyData(db: Db, actor: Actor, now = clock.now(), sections = PERSON_DATA_SECTIONS) {
	// Like /me: for participants (staff accounts are managed by the admin).
	requireParticipant(actor, 'staff export through the admin');
	const data = await collectPerson(db, actor.id, now, sections);
	await audit(
		db,
		{ actorId: actor.id, action: 'person.export', subjectType: 'person', subjectId: actor.id, detail: 'self' },
		now
	);
	return data;
}

/** A participant's data, downloaded by a facilitator of their cohort acting on their request. */
export async function exportPersonData(
	db: Db,
	actor: Actor,
	cohortId: string,
	userId: string,
	now = clock.now(),
	sections = PERSON_DATA_SECTIONS
) {
	await requireFacilitatedParticipant(db, actor, cohortId, userId);
	const data = await collectPerson(db, userId, now, sections);
	await audit(
		db,
		{ actorId: actor.id, action: 'person.export', subjectType: 'person', subjectId: userId, detail: cohortId },
		now
	);
	return data;
}

/** Compares the typed confirmation with the first name: case and accents aside. */
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').trim().toLowerCase();

/**
 * Erases a participant (GDPR erasure), by a facilitator of their cohort who typed the person's first name.
 * One transaction: every section anonymises its share, then the user row loses its names and secrets, is
 * disabled, its sessions go; audit rows stay (they hold only ids). Uploaded files go from disk after commit.
 */
export async function erasePerson(
	db: Db,
	actor: Actor,
	cohortId: string,
	userId: string,
	confirmName: string,
	options: { now?: number; store?: UploadStore; sections?: PersonDataSection[] } = {}
): Promise<void> {
	const now = options.now ?? clock.now();
	const { person } = await requireFacilitatedParticipant(db, actor, cohortId, userId);
	if (person.first_name === ERASED_NAME && person.disabled_at !== null)
		throw new DomainError(409, 'privacy_already_erased', userId);
	if (fold(confirmName) !== fold(person.first_name))
		throw new DomainError(400, 'privacy_erase_confirm_mismatch', 'confirmation does not match');
	if (actor.id === userId) throw forbidden('no self-erasure');
	const files = await uploadedFileIds(db, userId);
	await db.transaction().execute(async (trx) => {
		for (const section of options.sections ?? PERSON_DATA_SECTIONS) await section.erase(trx, userId, now);
		await trx
			.updateTable('user')
			.set({
				first_name: ERASED_NAME,
				last_name: null,
				email: null,
				pin_hash: null,
				password_hash: null,
				disabled_at: now
			})
			.where('id', '=', userId)
			.execute();
		await trx
			.updateTable('cohort_member')
			.set({ name_key: null, peer_ambassador: 0 })
			.where('user_id', '=', userId)
			.execute();
		await trx.deleteFrom('session').where('user_id', '=', userId).execute();
		// Erasure keeps what the figures are made of; their rows are recomputed all the same.
		await refreshRollupsOfUser(trx, userId, now);
		await audit(
			trx,
			{ actorId: actor.id, action: 'person.erase', subjectType: 'person', subjectId: userId, detail: cohortId },
			now
		);
	});
	if (files.length && options.store) await options.store.remove(files);
}
