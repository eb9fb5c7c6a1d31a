import type { Db } from '#lib/server/db/index.ts';
import { DomainError } from '#lib/server/http/errors.ts';
import { nameKey } from './names.ts';
import { verifySecret } from './secrets.ts';
import {
	accountKey,
	addressAccountKey,
	addressKey,
	claimAccountTry,
	clearFailures,
	failuresOf,
	lockedUntil,
	recordFailure
} from './throttle.ts';

export type LoginOutcome = { ok: true; userId: string } | { ok: false; error: DomainError };

const invalid = () => new DomainError(400, 'login_invalid');
const locked = () => new DomainError(429, 'login_locked');
const addressLocked = () => new DomainError(429, 'security_login_address_locked');

/**
 * Shared steps (see throttle.ts): the address limit, an atomic claim of one try on the account,
 * the secret check, failure accounting. Unknown accounts cost the address a failure, so names
 * cannot be probed for free, but a busy address never stops an account that has not failed from it.
 */
async function attempt(
	db: Db,
	address: string,
	account: { id: string; secretHash: string | null } | undefined,
	secret: string
): Promise<LoginOutcome> {
	const addressBusy = (await lockedUntil(db, addressKey(address))) !== null;
	if (!account || !account.secretHash) {
		if (!addressBusy) await recordFailure(db, addressKey(address));
		return { ok: false, error: invalid() };
	}
	if (addressBusy && (await failuresOf(db, addressAccountKey(address, account.id))) > 0) {
		return { ok: false, error: addressLocked() };
	}
	if (!(await claimAccountTry(db, accountKey(account.id)))) return { ok: false, error: locked() };
	if (!(await verifySecret(account.secretHash, secret))) {
		await recordFailure(db, addressAccountKey(address, account.id));
		await recordFailure(db, addressKey(address));
		const nowLocked = await lockedUntil(db, accountKey(account.id));
		return { ok: false, error: nowLocked ? locked() : invalid() };
	}
	await clearFailures(db, accountKey(account.id));
	await clearFailures(db, addressAccountKey(address, account.id));
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
