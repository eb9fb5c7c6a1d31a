import { describe, expect, it, vi } from 'vitest';
import type { Db } from '#lib/server/db/index.ts';
import { useSeededTestDb } from '#lib/server/db/test-fixtures.ts';
import type { DemoActors } from '#lib/server/seed/demo-actors.ts';
import { DEMO_PASSWORD, DEMO_PIN } from '#lib/server/seed/demo.ts';
import { changeOwnSecret } from './account.ts';
import { createInvite, inspectInvite, redeemInvite, revokeInvite } from './invites.ts';
import { loginParticipant, loginStaff } from './login.ts';
import {
	SESSION_TTL,
	createSession,
	generateSessionToken,
	invalidateSession,
	sessionIdFromToken,
	validateSessionToken
} from './session.ts';
import { ACCOUNT_MAX_FAILURES, IP_MAX_FAILURES, LOCK_MS } from './throttle.ts';
import { domainOutcome } from '#lib/server/db/test-db.ts';

// Counts how many secrets are actually checked, to prove parallel tries cannot run past the limit.
const checks = vi.hoisted(() => ({ count: 0 }));
vi.mock('./secrets.ts', async (importOriginal) => {
	const original = await importOriginal<typeof import('./secrets.ts')>();
	return {
		...original,
		verifySecret: (stored: string, secret: string) => {
			checks.count++;
			return original.verifySecret(stored, secret);
		}
	};
});

let db: Db;
let actors: DemoActors;
const NOW = Date.parse('2026-11-22T10:00:00Z');

useSeededTestDb(NOW, (seeded) => ({ db, actors } = seeded));

const messageKeyOf = (work: Promise<unknown>) => domainOutcome(work, (e) => e.messageKey, 'no error');

describe(`sessions on ${process.env.TEST_DB}`, () => {
	it('stores only the hash of the token and finds the user back from the token', async () => {
		const token = generateSessionToken();
		const session = await createSession(db, token, actors.facilitatorA.id, NOW);
		expect(session.id).toBe(sessionIdFromToken(token));
		expect(session.id).not.toContain(token);
		const rows = await db.selectFrom('session').select('id').where('id', '=', token).execute();
		expect(rows).toHaveLength(0);
		const found = await validateSessionToken(db, token, NOW + 1000);
		expect(found?.user).toMatchObject({ id: actors.facilitatorA.id, role: 'facilitator' });
	});

	it('slides the expiry when less than 15 days remain, and deletes an expired session', async () => {
		const token = generateSessionToken();
		await createSession(db, token, actors.director.id, NOW);
		const later = NOW + 20 * 864e5;
		const renewed = await validateSessionToken(db, token, later);
		expect(renewed?.session.expires_at).toBe(later + SESSION_TTL);
		expect(await validateSessionToken(db, token, later + SESSION_TTL + 1)).toBeNull();
		expect(
			await db.selectFrom('session').select('id').where('id', '=', sessionIdFromToken(token)).executeTakeFirst()
		).toBeUndefined();
	});

	it('ends a session on logout and every session on a PIN change', async () => {
		const one = generateSessionToken();
		const two = generateSessionToken();
		await createSession(db, one, actors.participantA.id, NOW);
		await createSession(db, two, actors.participantA.id, NOW);
		await invalidateSession(db, sessionIdFromToken(one));
		expect(await validateSessionToken(db, one, NOW)).toBeNull();
		expect(await validateSessionToken(db, two, NOW)).not.toBeNull();
		expect(await messageKeyOf(changeOwnSecret(db, actors.participantA, '0000', '5678'))).toBe('account_current_wrong');
		expect(await validateSessionToken(db, two, NOW)).not.toBeNull();
		await changeOwnSecret(db, actors.participantA, DEMO_PIN, '5678');
		expect(await validateSessionToken(db, two, NOW)).toBeNull();
		const address = '10.0.0.1';
		const code = actors.cohortA.code;
		expect((await loginParticipant(db, { firstName: 'fatima', cohortCode: code, pin: DEMO_PIN, address })).ok).toBe(
			false
		);
		expect(
			(await loginParticipant(db, { firstName: 'FATIMA ', cohortCode: code.toLowerCase(), pin: '5678', address })).ok
		).toBe(true);
	});
});

describe(`login throttling on ${process.env.TEST_DB}`, () => {
	it('locks an account after five wrong PINs and refuses a right one during the lock', async () => {
		const address = '10.0.0.2';
		const attempt = (pin: string, _now: number) =>
			loginParticipant(db, { firstName: 'Mamadou', cohortCode: actors.cohortA.code, pin, address }).then((o) =>
				o.ok ? 'ok' : o.error.messageKey
			);
		for (let i = 0; i < 4; i++) expect(await attempt('9999', NOW)).toBe('login_invalid');
		expect(await attempt('9999', NOW)).toBe('login_locked');
		expect(await attempt(DEMO_PIN, NOW)).toBe('login_locked');
		// Login functions read the clock themselves, so the window is checked against the stored lock.
		const lock = await db
			.selectFrom('login_throttle')
			.selectAll()
			.where('key', 'like', 'account:%')
			.executeTakeFirstOrThrow();
		expect(lock.locked_until).toBeGreaterThan(Date.now() + LOCK_MS - 60_000);
	});

	it('counts parallel wrong PINs one by one: no more than five are ever checked', async () => {
		const address = '10.0.0.9';
		checks.count = 0;
		const outcomes = await Promise.all(
			Array.from({ length: 20 }, () =>
				loginParticipant(db, { firstName: 'Fatima', cohortCode: actors.cohortA.code, pin: '0000', address }).then(
					(o) => (o.ok ? 'ok' : o.error.messageKey)
				)
			)
		);
		// Five secrets checked at most (the fifth claim locks); every other try is refused without a check.
		expect(checks.count).toBeLessThanOrEqual(ACCOUNT_MAX_FAILURES);
		expect(outcomes.filter((o) => o === 'login_invalid').length).toBeLessThanOrEqual(ACCOUNT_MAX_FAILURES - 1);
		expect(outcomes.filter((o) => o === 'login_locked').length).toBeGreaterThanOrEqual(20 - ACCOUNT_MAX_FAILURES + 1);
		const right = await loginParticipant(db, {
			firstName: 'Fatima',
			cohortCode: actors.cohortA.code,
			pin: DEMO_PIN,
			address
		});
		expect(right.ok).toBe(false);
	});

	it('slows an address that guesses across many accounts without refusing anyone who has not failed', async () => {
		const address = '10.0.0.3';
		for (let i = 0; i < IP_MAX_FAILURES + 5; i++) {
			await loginStaff(db, { email: `nobody${i}@example.org`, password: 'x', address });
		}
		// The same room's facilitator, with the right password, still gets in from that address.
		expect((await loginStaff(db, { email: 'claire@demo.tablee.fr', password: DEMO_PASSWORD, address })).ok).toBe(true);
		// An account that fails from the busy address gets no second guess from it, with a message saying why.
		const wrong = await loginStaff(db, { email: 'claire@demo.tablee.fr', password: 'nope', address });
		expect(wrong.ok ? 'ok' : wrong.error.messageKey).toBe('login_invalid');
		const again = await loginStaff(db, { email: 'claire@demo.tablee.fr', password: DEMO_PASSWORD, address });
		expect(again.ok ? 'ok' : again.error.messageKey).toBe('security_login_address_locked');
		expect(
			(await loginStaff(db, { email: 'CLAIRE@demo.tablee.fr', password: DEMO_PASSWORD, address: '10.0.0.4' })).ok
		).toBe(true);
	});

	it('does not let a participant log in as staff or a staff member through the PIN form', async () => {
		expect((await loginStaff(db, { email: 'fatima', password: DEMO_PIN, address: '10.0.0.5' })).ok).toBe(false);
		expect(
			(
				await loginParticipant(db, {
					firstName: 'Claire',
					cohortCode: actors.cohortA.code,
					pin: DEMO_PASSWORD,
					address: '10.0.0.5'
				})
			).ok
		).toBe(false);
	});
});

/** An invite to cohort A by its facilitator, made at NOW. */
const inviteToCohortA = (limits: { maxUses: number; validHours: number }) =>
	createInvite(db, actors.facilitatorA, actors.cohortA.id, limits, NOW);

describe(`invites on ${process.env.TEST_DB}`, () => {
	it('is stored hashed, used once, and opens an account with membership in one go', async () => {
		const { token } = await inviteToCohortA({ maxUses: 1, validHours: 24 });
		expect(
			await db.selectFrom('invite').select('id').where('token_hash', '=', token).executeTakeFirst()
		).toBeUndefined();
		expect((await inspectInvite(db, token, NOW)).status).toBe('valid');
		const joined = await redeemInvite(db, token, { firstName: 'Noémie', pin: '4321' }, NOW);
		expect(joined.cohortId).toBe(actors.cohortA.id);
		const member = await db
			.selectFrom('cohort_member')
			.selectAll()
			.where('user_id', '=', joined.userId)
			.executeTakeFirstOrThrow();
		expect(member).toMatchObject({ role: 'participant', name_key: 'noemie' });
		expect((await inspectInvite(db, token, NOW)).status).toBe('used');
		expect(await messageKeyOf(redeemInvite(db, token, { firstName: 'Paul', pin: '4321' }, NOW))).toBe('invite_used');
		expect(
			await db.selectFrom('user').select('id').where('first_name', '=', 'Paul').executeTakeFirst()
		).toBeUndefined();
	});

	it('refuses expired, revoked and unknown invites, and a first name already taken, writing nothing', async () => {
		const users = async () => (await db.selectFrom('user').select('id').execute()).length;
		const before = await users();
		const expiring = await inviteToCohortA({ maxUses: 5, validHours: 1 });
		expect(
			await messageKeyOf(redeemInvite(db, expiring.token, { firstName: 'Lina', pin: '4321' }, NOW + 3600_001))
		).toBe('invite_expired');
		const revoked = await inviteToCohortA({ maxUses: 5, validHours: 1 });
		await revokeInvite(db, actors.facilitatorA, actors.cohortA.id, revoked.id, NOW);
		expect((await inspectInvite(db, revoked.token, NOW)).status).toBe('revoked');
		expect(await messageKeyOf(redeemInvite(db, revoked.token, { firstName: 'Lina', pin: '4321' }, NOW))).toBe(
			'invite_revoked'
		);
		// A facilitator of another cohort cannot revoke this cohort's invites.
		const open = await inviteToCohortA({ maxUses: 5, validHours: 1 });
		expect(await messageKeyOf(revokeInvite(db, actors.facilitatorB, actors.cohortA.id, open.id, NOW))).toBe(
			'error_forbidden'
		);
		expect((await inspectInvite(db, open.token, NOW)).status).toBe('valid');
		// Issue 16: another cohort's invite, through one's own cohort, is not found (it was "saved", changing nothing).
		const theirs = await createInvite(db, actors.facilitatorB, actors.cohortB.id, { maxUses: 5, validHours: 1 }, NOW);
		expect(await messageKeyOf(revokeInvite(db, actors.facilitatorA, actors.cohortA.id, theirs.id, NOW))).toBe(
			'error_not_found'
		);
		expect((await inspectInvite(db, theirs.token, NOW)).status).toBe('valid');
		expect(await messageKeyOf(redeemInvite(db, 'aaaaaaaaaaaaaaaa', { firstName: 'Lina', pin: '4321' }, NOW))).toBe(
			'invite_unknown'
		);
		expect(await messageKeyOf(redeemInvite(db, open.token, { firstName: 'Fatima', pin: '4321' }, NOW))).toBe(
			'invite_name_taken'
		);
		expect(await users()).toBe(before);
	});

	it('lets a group invite serve exactly N people, even when they arrive at once', async () => {
		const { token } = await inviteToCohortA({ maxUses: 3, validHours: 2 });
		const names = ['Ana', 'Bilal', 'Céline', 'Driss', 'Emma'];
		const results = await Promise.allSettled(
			names.map((firstName) => redeemInvite(db, token, { firstName, pin: '2468' }, NOW))
		);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
		const invite = await db
			.selectFrom('invite')
			.select(['uses', 'max_uses'])
			.where('max_uses', '=', 3)
			.executeTakeFirstOrThrow();
		expect(invite.uses).toBe(3);
		const joined = await db
			.selectFrom('cohort_member')
			.select('name_key')
			.where('cohort_id', '=', actors.cohortA.id)
			.where('name_key', 'in', ['ana', 'bilal', 'celine', 'driss', 'emma'])
			.execute();
		expect(joined).toHaveLength(3);
	});

	it('only lets a cohort facilitator create or list invites', async () => {
		for (const actor of [actors.facilitatorB, actors.director, actors.admin, actors.participantA]) {
			expect(await messageKeyOf(createInvite(db, actor, actors.cohortA.id, { maxUses: 1, validHours: 1 }, NOW))).toBe(
				'error_forbidden'
			);
		}
	});
});
