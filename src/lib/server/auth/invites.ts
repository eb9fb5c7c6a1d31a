import { sha256 } from '@oslojs/crypto/sha2';
import { sql } from 'kysely';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import type { Db } from '#lib/server/db/index.ts';
import { newId } from '#lib/server/db/ids.ts';
import { DomainError, notFound } from '#lib/server/http/errors.ts';
import { nameKey } from './names.ts';
import { requireCohortFacilitator, type Actor } from './policy.ts';
import { hashSecret } from './secrets.ts';
import { clock } from '#lib/server/clock.ts';
import { refreshRollup } from '#lib/server/insights/rollups.ts';
import { insertParticipant } from '#lib/server/participants/enrol.ts';

const HOUR = 60 * 60 * 1000;

export type InviteStatus = 'valid' | 'expired' | 'used' | 'revoked' | 'unknown';

const hashToken = (token: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(token)));

/**
 * Creates an invite. It is found by the hash of its token; the plain token is kept too, but only while the
 * invite may be used (so its facilitators can show its link and QR code again during the meeting), and wiped
 * as soon as it is revoked, used up or seen expired: a kept token opens nothing an ended invite could.
 */
export async function createInvite(
	db: Db,
	actor: Actor,
	cohortId: string,
	options: { maxUses: number; validHours: number },
	now = clock.now()
): Promise<{ id: string; token: string; expiresAt: number; maxUses: number }> {
	await requireCohortFacilitator(db, actor, cohortId);
	const bytes = new Uint8Array(10);
	crypto.getRandomValues(bytes);
	const token = encodeBase32LowerCaseNoPadding(bytes);
	const expiresAt = now + options.validHours * HOUR;
	const id = newId();
	await db
		.insertInto('invite')
		.values({
			id,
			cohort_id: cohortId,
			token_hash: hashToken(token),
			token,
			max_uses: options.maxUses,
			uses: 0,
			expires_at: expiresAt,
			created_by: actor.id,
			created_at: now,
			revoked_at: null
		})
		.execute();
	return { id, token, expiresAt, maxUses: options.maxUses };
}

/**
 * A cohort's invites for its facilitators, newest first, each with its status and, while it is valid, its
 * token (null for an invite made before tokens were kept). Tokens of invites found expired are wiped here.
 */
export async function listInvites(db: Db, actor: Actor, cohortId: string, now = clock.now()) {
	await requireCohortFacilitator(db, actor, cohortId);
	await db
		.updateTable('invite')
		.set({ token: null })
		.where('cohort_id', '=', cohortId)
		.where('token', 'is not', null)
		.where('expires_at', '<=', now)
		.execute();
	const invites = await db
		.selectFrom('invite')
		.select(['id', 'max_uses', 'uses', 'expires_at', 'created_at', 'revoked_at', 'token'])
		.where('cohort_id', '=', cohortId)
		.orderBy('created_at', 'desc')
		.execute();
	return invites.map(({ token, ...invite }) => {
		const status = statusOf(invite, now);
		return { ...invite, status, token: status === 'valid' ? token : null };
	});
}

export async function revokeInvite(
	db: Db,
	actor: Actor,
	cohortId: string,
	inviteId: string,
	now = clock.now()
): Promise<void> {
	await requireCohortFacilitator(db, actor, cohortId);
	const result = await db
		.updateTable('invite')
		.set({ revoked_at: now, token: null })
		.where('id', '=', inviteId)
		.where('cohort_id', '=', cohortId)
		.executeTakeFirst();
	// Another cohort's invite (or none): 404 rather than "saved" for a change that did not happen (issue 16).
	if (Number(result.numUpdatedRows) !== 1) throw notFound(`invite ${inviteId} is not in cohort ${cohortId}`);
}

function statusOf(
	invite: { expires_at: number; uses: number; max_uses: number; revoked_at: number | null },
	now: number
): Exclude<InviteStatus, 'unknown'> {
	if (invite.revoked_at !== null) return 'revoked';
	if (invite.uses >= invite.max_uses) return 'used';
	if (invite.expires_at <= now) return 'expired';
	return 'valid';
}

/** What the invite page shows before anyone types anything. */
export async function inspectInvite(db: Db, token: string, now = clock.now()) {
	const invite = await db
		.selectFrom('invite')
		.innerJoin('cohort', 'cohort.id', 'invite.cohort_id')
		.select([
			'invite.expires_at',
			'invite.uses',
			'invite.max_uses',
			'invite.revoked_at',
			'cohort.name as cohortName',
			'cohort.code as cohortCode'
		])
		.where('invite.token_hash', '=', hashToken(token))
		.executeTakeFirst();
	if (!invite) return { status: 'unknown' as InviteStatus };
	return { status: statusOf(invite, now), cohortName: invite.cohortName, cohortCode: invite.cohortCode };
}

const statusError = (status: Exclude<InviteStatus, 'valid'>) =>
	new DomainError(status === 'unknown' ? 404 : 410, `invite_${status}`);

/** Opens an account for a new participant: user, membership and the invite's use, all or nothing. */
export async function redeemInvite(
	db: Db,
	token: string,
	input: { firstName: string; pin: string },
	now = clock.now()
): Promise<{ userId: string; cohortId: string; cohortCode: string }> {
	const pinHash = await hashSecret(input.pin);
	return db.transaction().execute(async (trx) => {
		const invite = await trx
			.selectFrom('invite')
			.innerJoin('cohort', 'cohort.id', 'invite.cohort_id')
			.select([
				'invite.id',
				'invite.cohort_id',
				'invite.expires_at',
				'invite.uses',
				'invite.max_uses',
				'invite.revoked_at',
				'cohort.organisation_id',
				'cohort.code'
			])
			.where('invite.token_hash', '=', hashToken(token))
			.executeTakeFirst();
		if (!invite) throw statusError('unknown');
		const status = statusOf(invite, now);
		if (status !== 'valid') throw statusError(status);

		const key = nameKey(input.firstName);
		const taken = await trx
			.selectFrom('cohort_member')
			.select('user_id')
			.where('cohort_id', '=', invite.cohort_id)
			.where('name_key', '=', key)
			.executeTakeFirst();
		if (taken) throw new DomainError(409, 'invite_name_taken', `name ${key} taken in cohort ${invite.cohort_id}`);

		// Conditional increment: two phones racing for the last use cannot both win.
		const used = await trx
			.updateTable('invite')
			// The last use wipes the kept token: a used-up invite is never shown again.
			.set((eb) => ({
				uses: eb('uses', '+', 1),
				token: sql<string | null>`case when uses + 1 >= max_uses then null else token end`
			}))
			.where('id', '=', invite.id)
			.where('uses', '<', invite.max_uses)
			.executeTakeFirst();
		if (Number(used.numUpdatedRows) !== 1) throw statusError('used');

		const userId = await insertParticipant(
			trx,
			{ organisationId: invite.organisation_id, cohortId: invite.cohort_id, firstName: input.firstName, nameKey: key },
			{ lastName: null, pinHash },
			now
		);
		await refreshRollup(trx, invite.cohort_id, now, userId);
		return { userId, cohortId: invite.cohort_id, cohortCode: invite.code };
	});
}
