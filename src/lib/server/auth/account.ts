import type { Db } from '#lib/server/db/index.ts';
import { newId } from '#lib/server/db/ids.ts';
import { DomainError, notFound } from '#lib/server/http/errors.ts';
import { isParticipant, requireAdmin, requireParticipant, requireStaff, type Actor } from './policy.ts';
import { hashSecret, verifySecret } from './secrets.ts';
import { invalidateUserSessions } from './session.ts';
import type { Role } from '#lib/server/db/schema.ts';
import { clock } from '#lib/server/clock.ts';

/**
 * Changes the actor's own password (staff) or PIN (participant) after checking the current one.
 * Every session of the account ends: the caller opens a fresh one for this device.
 */
export async function changeOwnSecret(db: Db, actor: Actor, current: string, next: string): Promise<void> {
	const column = isParticipant(actor) ? 'pin_hash' : 'password_hash';
	const row = await db
		.selectFrom('user')
		.select(['pin_hash', 'password_hash'])
		.where('id', '=', actor.id)
		.executeTakeFirst();
	const stored = row?.[column];
	if (!stored || !(await verifySecret(stored, current))) throw new DomainError(400, 'account_current_wrong');
	const hashed = await hashSecret(next);
	await db.transaction().execute(async (trx) => {
		await trx
			.updateTable('user')
			// A PIN of one's own ends a pending one-time code (pin-reset.ts).
			.set(column === 'pin_hash' ? { pin_hash: hashed, pin_reset_at: null } : { password_hash: hashed })
			.where('id', '=', actor.id)
			.execute();
		await invalidateUserSessions(trx, actor.id);
	});
}

/** A staff member's own password (participants have a PIN). */
export async function changeOwnPassword(db: Db, actor: Actor, current: string, next: string): Promise<void> {
	requireStaff(actor);
	await changeOwnSecret(db, actor, current, next);
}

/** A participant's own PIN. */
export async function changeOwnPin(db: Db, actor: Actor, current: string, next: string): Promise<void> {
	requireParticipant(actor, 'a PIN is a participant’s');
	await changeOwnSecret(db, actor, current, next);
}

export async function listStaff(db: Db, actor: Actor) {
	requireAdmin(actor);
	return db
		.selectFrom('user')
		.select(['id', 'first_name', 'last_name', 'email', 'role', 'disabled_at'])
		.where('organisation_id', '=', actor.organisation_id)
		.where('role', '!=', 'participant')
		.orderBy('last_name')
		.orderBy('first_name')
		.execute();
}

export async function createStaff(
	db: Db,
	actor: Actor,
	input: { firstName: string; lastName: string; email: string; role: Exclude<Role, 'participant'>; password: string },
	now = clock.now()
): Promise<string> {
	requireAdmin(actor);
	const taken = await db.selectFrom('user').select('id').where('email', '=', input.email).executeTakeFirst();
	if (taken) throw new DomainError(409, 'staff_email_taken');
	const id = newId();
	await db
		.insertInto('user')
		.values({
			id,
			organisation_id: actor.organisation_id,
			role: input.role,
			first_name: input.firstName,
			last_name: input.lastName,
			email: input.email,
			password_hash: await hashSecret(input.password),
			pin_hash: null,
			disabled_at: null,
			created_at: now
		})
		.execute();
	return id;
}

/** Disabling an account ends its sessions at once; an admin cannot lock themselves out. */
export async function setStaffDisabled(db: Db, actor: Actor, userId: string, disabled: boolean, now = clock.now()) {
	requireAdmin(actor);
	if (userId === actor.id) throw new DomainError(400, 'staff_cannot_disable_self');
	await db.transaction().execute(async (trx) => {
		const updated = await trx
			.updateTable('user')
			.set({ disabled_at: disabled ? now : null })
			.where('id', '=', userId)
			.where('organisation_id', '=', actor.organisation_id)
			.where('role', '!=', 'participant')
			.executeTakeFirst();
		if (Number(updated.numUpdatedRows) !== 1) throw notFound(`staff ${userId}`);
		if (disabled) await invalidateUserSessions(trx, userId);
	});
}
