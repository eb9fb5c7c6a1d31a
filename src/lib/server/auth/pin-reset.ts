import { randomInt } from 'node:crypto';
import type { Db } from '#lib/server/db/index.ts';
import { DomainError, notFound } from '#lib/server/http/errors.ts';
import { audit } from '#lib/server/privacy/audit.ts';
import { requirePinResetter, type Actor } from './policy.ts';
import { hashSecret } from './secrets.ts';
import { invalidateUserSessions } from './session.ts';
import { clearAccountFailures } from './throttle.ts';
import { clock } from '#lib/server/clock.ts';

/** A one-time code is six digits: a valid PIN, so the login form takes it as it is. */
export const ONE_TIME_CODE_LENGTH = 6;

/** The cohort's participants as the one who may reset their PIN sees them: names and whether a code is pending. */
export async function pinResetList(db: Db, actor: Actor, cohortId: string) {
	const cohort = await requirePinResetter(db, actor, cohortId);
	const people = await db
		.selectFrom('cohort_member')
		.innerJoin('user', 'user.id', 'cohort_member.user_id')
		.select(['user.id', 'user.first_name as firstName', 'user.last_name as lastName', 'user.pin_reset_at as resetAt'])
		.where('cohort_member.cohort_id', '=', cohortId)
		.where('cohort_member.role', '=', 'participant')
		.where('user.disabled_at', 'is', null)
		.orderBy('user.first_name')
		.orderBy('user.last_name')
		.execute();
	return { cohort, people };
}

/**
 * Gives a participant who forgot their PIN a one-time code: it replaces the PIN, every session of the
 * person ends, their login locks are cleared, and the reset is written to the audit log — all or nothing.
 * The code is returned once, to be told to the person; only its hash is kept. At their next login the
 * person chooses a PIN of their own (`choosePinAfterReset`).
 */
export async function resetParticipantPin(
	db: Db,
	actor: Actor,
	cohortId: string,
	userId: string,
	now = clock.now()
): Promise<{ code: string; firstName: string }> {
	await requirePinResetter(db, actor, cohortId);
	const person = await db
		.selectFrom('cohort_member')
		.innerJoin('user', 'user.id', 'cohort_member.user_id')
		.select(['user.id', 'user.first_name'])
		.where('cohort_member.cohort_id', '=', cohortId)
		.where('cohort_member.user_id', '=', userId)
		.where('cohort_member.role', '=', 'participant')
		.where('user.disabled_at', 'is', null)
		.executeTakeFirst();
	if (!person) throw notFound(`participant ${userId} in cohort ${cohortId}`);
	const code = String(randomInt(0, 10 ** ONE_TIME_CODE_LENGTH)).padStart(ONE_TIME_CODE_LENGTH, '0');
	const hashed = await hashSecret(code);
	await db.transaction().execute(async (trx) => {
		await trx.updateTable('user').set({ pin_hash: hashed, pin_reset_at: now }).where('id', '=', userId).execute();
		await invalidateUserSessions(trx, userId);
		await clearAccountFailures(trx, userId);
		await audit(
			trx,
			{ actorId: actor.id, action: 'pin.reset', subjectType: 'person', subjectId: userId, detail: cohortId },
			now
		);
	});
	return { code, firstName: person.first_name };
}

/** Whether the actor signed in with a one-time code and has still to choose their own PIN. */
export async function mustChoosePin(db: Db, actor: Actor): Promise<boolean> {
	if (actor.role !== 'participant') return false;
	const row = await db.selectFrom('user').select('pin_reset_at').where('id', '=', actor.id).executeTakeFirst();
	return row?.pin_reset_at != null;
}

/**
 * The person who signed in with a one-time code chooses their own PIN (no need to type the code again:
 * every session was ended by the reset, so this session was opened with the code). Other sessions end.
 */
export async function choosePinAfterReset(db: Db, actor: Actor, pin: string, sessionCreatedAt: number): Promise<void> {
	if (actor.role !== 'participant') throw new DomainError(403, 'error_forbidden', `role ${actor.role} has no PIN`);
	const row = await db.selectFrom('user').select('pin_reset_at').where('id', '=', actor.id).executeTakeFirst();
	if (row?.pin_reset_at == null || sessionCreatedAt < row.pin_reset_at) {
		throw new DomainError(400, 'everyday2_pin_no_reset', `user ${actor.id} has no pending one-time code`);
	}
	const hashed = await hashSecret(pin);
	await db.transaction().execute(async (trx) => {
		await trx.updateTable('user').set({ pin_hash: hashed, pin_reset_at: null }).where('id', '=', actor.id).execute();
		await invalidateUserSessions(trx, actor.id);
	});
}
