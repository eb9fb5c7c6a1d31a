import { describe, expect, it } from 'vitest';
import type { Db } from '#lib/server/db/index.ts';
import { useSeededTestDb } from '#lib/server/db/test-fixtures.ts';
import { refusalWithKey } from '#lib/server/db/test-db.ts';
import type { DemoActors } from '#lib/server/seed/demo-actors.ts';
import { createInvite, inspectInvite, listInvites, redeemInvite, revokeInvite } from './invites.ts';

let db: Db;
let actors: DemoActors;
const NOW = Date.parse('2026-11-22T10:00:00Z');
const HOUR = 3600_000;

useSeededTestDb(NOW, (seeded) => ({ db, actors } = seeded));

/** The token the cohort's facilitator is shown again for an invite (null: not shown). */
async function shownToken(inviteId: string, now = NOW) {
	const invites = await listInvites(db, actors.facilitatorA, actors.cohortA.id, now);
	return invites.find((i) => i.id === inviteId)?.token;
}
const keptToken = async (inviteId: string) =>
	(await db.selectFrom('invite').select('token').where('id', '=', inviteId).executeTakeFirstOrThrow()).token;

describe(`invites shown again on ${process.env.TEST_DB}`, () => {
	it('shows an active invite again, and never once it is revoked, used up or expired', async () => {
		const cohortA = actors.cohortA.id;
		const open = await createInvite(db, actors.facilitatorA, cohortA, { maxUses: 2, validHours: 24 }, NOW);
		// Found by its hash as before; its token is shown again to the cohort's facilitator, as long as it is active.
		expect(await shownToken(open.id)).toBe(open.token);
		expect(await shownToken(open.id, NOW + HOUR)).toBe(open.token);

		const revoked = await createInvite(db, actors.facilitatorA, cohortA, { maxUses: 5, validHours: 24 }, NOW);
		await revokeInvite(db, actors.facilitatorA, cohortA, revoked.id, NOW);
		expect(await keptToken(revoked.id)).toBeNull();
		expect((await listInvites(db, actors.facilitatorA, cohortA, NOW)).find((i) => i.id === revoked.id)).toMatchObject({
			status: 'revoked',
			token: null
		});
		expect(await refusalWithKey(redeemInvite(db, revoked.token, { firstName: 'Lina', pin: '4321' }, NOW))).toBe(
			'410 invite_revoked'
		);

		// The first use keeps it (one use left), the last one wipes it.
		await redeemInvite(db, open.token, { firstName: 'Zéphyrine', pin: '4321' }, NOW);
		expect(await shownToken(open.id)).toBe(open.token);
		await redeemInvite(db, open.token, { firstName: 'Ondine', pin: '4321' }, NOW);
		expect(await keptToken(open.id)).toBeNull();
		expect(await shownToken(open.id)).toBeNull();
		expect(await refusalWithKey(redeemInvite(db, open.token, { firstName: 'Léa', pin: '4321' }, NOW))).toBe(
			'410 invite_used'
		);

		// Expired: not shown, and its kept token is wiped when the list is next read.
		const expiring = await createInvite(db, actors.facilitatorA, cohortA, { maxUses: 5, validHours: 1 }, NOW);
		expect(await shownToken(expiring.id, NOW + HOUR)).toBeNull();
		expect(await keptToken(expiring.id)).toBeNull();
		expect(await refusalWithKey(redeemInvite(db, expiring.token, { firstName: 'Lina', pin: '4321' }, NOW + HOUR))).toBe(
			'410 invite_expired'
		);
		expect((await inspectInvite(db, expiring.token, NOW + HOUR)).status).toBe('expired');
	});

	it('shows an invite only to its cohort’s facilitators', async () => {
		const invite = await createInvite(db, actors.facilitatorA, actors.cohortA.id, { maxUses: 1, validHours: 1 }, NOW);
		for (const who of [actors.facilitatorB, actors.director, actors.admin, actors.participantA])
			expect(await refusalWithKey(listInvites(db, who, actors.cohortA.id, NOW))).toMatch(/^40[34] /);
		expect(await shownToken(invite.id)).toBe(invite.token);
	});
});
