import type { Db } from '#lib/server/db/index.ts';
import type { Selectable } from 'kysely';
import type { ProfileTable } from '#lib/server/db/schema-privacy.ts';
import { DomainError } from '#lib/server/http/errors.ts';
import { requireFacilitatedParticipant, requireParticipant, type Actor } from '#lib/server/auth/policy.ts';
import { organisationTimeZone } from '#lib/server/cohorts/cohorts.ts';
import type { PersonDataSection } from '#lib/server/privacy/person-data.ts';
import { audit, auditTrail } from '#lib/server/privacy/audit.ts';
import { ERASED_NAME } from '#lib/erased.ts';
import type { ProfileInput } from './schemas.ts';
import { clock } from '#lib/server/clock.ts';
import { refreshRollupsOfUser } from '#lib/server/insights/rollups.ts';

/**
 * The intake profile: sensitive. Readable only by the facilitators of a cohort the person is a
 * participant of, and by the person; written only by those facilitators (the person may give or
 * withdraw their consent in the app). Every allowed read and write goes to the audit log.
 */

export type Profile = ReturnType<typeof toProfile>;

const parseList = (json: string): string[] => {
	try {
		const list: unknown = JSON.parse(json);
		return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
	} catch {
		return [];
	}
};

function toProfile(row: Selectable<ProfileTable> | undefined) {
	return {
		exists: !!row,
		ageBand: row?.age_band ?? null,
		educationLevel: row?.education_level ?? null,
		outOfWork: row?.out_of_work ?? null,
		benefits: parseList(row?.benefits ?? '[]'),
		referredBy: row?.referred_by ?? null,
		referredNote: row?.referred_note ?? '',
		obstacles: parseList(row?.obstacles ?? '[]'),
		obstaclesNote: row?.obstacles_note ?? '',
		mobilityKm: row?.mobility_km ?? null,
		preferences: row?.preferences ?? '',
		target: row?.target ?? null,
		targetNote: row?.target_note ?? '',
		consent: row?.consent === 1,
		consentAt: row?.consent_at ?? null,
		consentHow: row?.consent_how ?? null,
		consentBy: row?.consent_by ?? null,
		updatedAt: row?.updated_at ?? null,
		updatedBy: row?.updated_by ?? null
	};
}

async function firstNameOf(db: Db, userId: string | null): Promise<string | null> {
	if (!userId) return null;
	return (
		(await db.selectFrom('user').select('first_name').where('id', '=', userId).executeTakeFirst())?.first_name ?? null
	);
}

async function readRow(db: Db, userId: string) {
	return db.selectFrom('profile').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

/** The profile as the cohort's facilitators see it, with its recent access history (the read is logged first). */
export async function getProfile(db: Db, actor: Actor, cohortId: string, userId: string, now = clock.now()) {
	const { cohort, person } = await requireFacilitatedParticipant(db, actor, cohortId, userId);
	await audit(
		db,
		{ actorId: actor.id, action: 'profile.read', subjectType: 'person', subjectId: userId, detail: cohortId },
		now
	);
	const profile = toProfile(await readRow(db, userId));
	return {
		cohort: { id: cohort.id, name: cohort.name },
		person: {
			id: person.id,
			firstName: person.first_name,
			lastName: person.last_name,
			erased: person.disabled_at !== null && person.first_name === ERASED_NAME
		},
		timeZone: await organisationTimeZone(db, cohort.organisation_id),
		profile,
		consentByName: await firstNameOf(db, profile.consentBy),
		history: await auditTrail(db, 'person', userId, 10)
	};
}

/** The person's own profile ("what the club knows about me"); the read is logged too. */
export async function getMyProfile(db: Db, actor: Actor, now = clock.now()) {
	requireParticipant(actor, 'no intake profile');
	await audit(
		db,
		{ actorId: actor.id, action: 'profile.read', subjectType: 'person', subjectId: actor.id, detail: 'self' },
		now
	);
	const profile = toProfile(await readRow(db, actor.id));
	return {
		profile,
		consentByName: await firstNameOf(db, profile.consentBy),
		timeZone: await organisationTimeZone(db, actor.organisation_id)
	};
}

/** Saves the profile (facilitator of the person's cohort): criteria, profiling and the consent they recorded. */
export async function saveProfile(
	db: Db,
	actor: Actor,
	cohortId: string,
	userId: string,
	input: ProfileInput,
	now = clock.now()
): Promise<void> {
	await requireFacilitatedParticipant(db, actor, cohortId, userId);
	await db.transaction().execute(async (trx) => {
		const before = await readRow(trx, userId);
		if (input.seenUpdatedAt !== undefined && input.seenUpdatedAt !== (before ? Number(before.updated_at) : null)) {
			throw new DomainError(
				409,
				'profile_changed_meanwhile',
				`profile of ${userId} changed since ${input.seenUpdatedAt}`
			);
		}
		const consentChanged =
			(before?.consent === 1) !== input.consent || (input.consent && before?.consent_how !== input.consentHow);
		const values = {
			age_band: input.ageBand,
			education_level: input.educationLevel,
			out_of_work: input.outOfWork,
			benefits: JSON.stringify(input.benefits),
			referred_by: input.referredBy,
			referred_note: input.referredNote,
			obstacles: JSON.stringify(input.obstacles),
			obstacles_note: input.obstaclesNote,
			mobility_km: input.mobilityKm,
			preferences: input.preferences,
			target: input.target,
			target_note: input.targetNote,
			...(consentChanged
				? {
						consent: input.consent ? 1 : 0,
						consent_at: now,
						consent_how: input.consent ? input.consentHow : null,
						consent_by: actor.id
					}
				: {}),
			updated_at: now,
			updated_by: actor.id
		};
		if (before) await trx.updateTable('profile').set(values).where('user_id', '=', userId).execute();
		else
			await trx
				.insertInto('profile')
				.values({ user_id: userId, consent: 0, ...values })
				.execute();
		await refreshRollupsOfUser(trx, userId, now);
		await audit(
			trx,
			{ actorId: actor.id, action: 'profile.write', subjectType: 'person', subjectId: userId, detail: cohortId },
			now
		);
	});
}

/** The person gives or withdraws their consent in the app (they cannot change the facilitator's profiling). */
export async function setMyConsent(db: Db, actor: Actor, given: boolean, now = clock.now()): Promise<void> {
	requireParticipant(actor, 'no intake profile');
	await db.transaction().execute(async (trx) => {
		const consent = {
			consent: given ? 1 : 0,
			consent_at: now,
			consent_how: given ? 'app' : null,
			consent_by: actor.id
		};
		const before = await readRow(trx, actor.id);
		if ((before?.consent === 1) === given)
			throw new DomainError(409, 'privacy_consent_unchanged', `consent already ${given}`);
		if (before)
			await trx
				.updateTable('profile')
				.set({ ...consent, updated_at: now, updated_by: actor.id })
				.where('user_id', '=', actor.id)
				.execute();
		else
			await trx
				.insertInto('profile')
				.values({ user_id: actor.id, ...consent, updated_at: now, updated_by: actor.id })
				.execute();
		await refreshRollupsOfUser(trx, actor.id, now);
		await audit(
			trx,
			{
				actorId: actor.id,
				action: 'profile.consent',
				subjectType: 'person',
				subjectId: actor.id,
				detail: given ? 'given' : 'withdrawn'
			},
			now
		);
	});
}

/** The profile's share of a person's data: all of it in the export; the free text goes on erasure (closed lists stay for the figures). */
export const profilePersonData: PersonDataSection = {
	key: 'profile',
	collect: async (db, userId) => {
		const row = await readRow(db, userId);
		return row ? toProfile(row) : null;
	},
	erase: async (trx, userId) => {
		await trx
			.updateTable('profile')
			.set({ referred_note: '', obstacles_note: '', preferences: '', target_note: '' })
			.where('user_id', '=', userId)
			.execute();
	}
};
