import type { Db } from '#lib/server/db/index.ts';
import { DomainError } from '#lib/server/errors.ts';
import { nameKey } from './names.ts';
import { verifySecret } from './secrets.ts';
import { accountKey, addressKey, clearFailures, lockedUntil, recordFailure } from './throttle.ts';

export type LoginOutcome = { ok: true; userId: string } | { ok: false; error: DomainError };

const invalid = () => new DomainError(400, 'login_invalid');
const locked = () => new DomainError(429, 'login_locked');

/** Shared steps: address lock, account lock, secret check, failure accounting. */
async function attempt(
	db: Db,
	address: string,
	account: { id: string; secretHash: string | null } | undefined,
	secret: string
): Promise<LoginOutcome> {
	if (await lockedUntil(db, addressKey(address))) return { ok: false, error: locked() };
	if (!account || !account.secretHash) {
		// Unknown accounts still cost the address an attempt, so names cannot be probed for free.
		await recordFailure(db, addressKey(address));
		return { ok: false, error: invalid() };
	}
	if (await lockedUntil(db, accountKey(account.id))) return { ok: false, error: locked() };
	if (!(await verifySecret(account.secretHash, secret))) {
		await recordFailure(db, accountKey(account.id));
		await recordFailure(db, addressKey(address));
		const nowLocked = await lockedUntil(db, accountKey(account.id));
		return { ok: false, error: nowLocked ? locked() : invalid() };
	}
	await clearFailures(db, accountKey(account.id));
	return { ok: true, userId: account.id };
}

export async function loginStaff(
	db: Db,
	input: { email: string; password: string; address: string }
): Promise<LoginOutcome> {
	const user = await db
		.selectFrom('user')
		.select(['id', 'password_hash'])
		.where('email', '=', input.email.toLowerCase())
		.where('role', '!=', 'participant')
		.where('disabled_at', 'is', null)
		.executeTakeFirst();
	return attempt(db, input.address, user && { id: user.id, secretHash: user.password_hash }, input.password);
}

export async function loginParticipant(
	db: Db,
	input: { firstName: string; cohortCode: string; pin: string; address: string }
): Promise<LoginOutcome> {
	const user = await db
		.selectFrom('cohort_member')
		.innerJoin('cohort', 'cohort.id', 'cohort_member.cohort_id')
		.innerJoin('user', 'user.id', 'cohort_member.user_id')
		.select(['user.id', 'user.pin_hash'])
		.where('cohort.code', '=', input.cohortCode.toUpperCase())
		.where('cohort_member.name_key', '=', nameKey(input.firstName))
		.where('user.role', '=', 'participant')
		.where('user.disabled_at', 'is', null)
		.executeTakeFirst();
	return attempt(db, input.address, user && { id: user.id, secretHash: user.pin_hash }, input.pin);
}
