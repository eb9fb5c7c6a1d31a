import { describe, expect, it } from 'vitest';
import type { Db } from '#lib/server/db/index.ts';
import { useSeededTestDb } from '#lib/server/db/test-fixtures.ts';
import type { DemoActors } from '#lib/server/seed/demo-actors.ts';
import { DEMO_COHORTS, DEMO_PIN } from '#lib/server/seed/demo.ts';
import { domainOutcome } from '#lib/server/db/test-db.ts';
import { auditTrail } from '#lib/server/privacy/audit.ts';
import { changeOwnSecret } from './account.ts';
import { loginParticipant } from './login.ts';
import { choosePinAfterReset, mustChoosePin, pinResetList, resetParticipantPin } from './pin-reset.ts';
import { createSession, generateSessionToken, validateSessionToken } from './session.ts';
import { ACCOUNT_MAX_FAILURES, lockedUntil, accountKey } from './throttle.ts';

let db: Db;
let actors: DemoActors;
const NOW = Date.parse('2026-11-22T10:00:00Z');

useSeededTestDb(NOW, (seeded) => ({ db, actors } = seeded));

const statusOf = (work: Promise<unknown>) => domainOutcome(work, (e) => e.status, 'done');

const login = (firstName: string, pin: string, address = '203.0.113.9') =>
	loginParticipant(db, { firstName, cohortCode: DEMO_COHORTS.now.code, pin, address });

describe(`PIN recovery on ${process.env.TEST_DB}`, () => {
	it('lets only the cohort’s facilitators and the organisation’s admins reset, for participants of that cohort', async () => {
		const { cohortA, cohortB, participantA, participantB } = actors;
		for (const actor of [actors.director, actors.facilitatorB, actors.participantA, actors.participantB]) {
			expect(await statusOf(resetParticipantPin(db, actor, cohortA.id, participantA.id, NOW))).toBe(403);
			expect(await statusOf(pinResetList(db, actor, cohortA.id))).toBe(403);
		}
		// Someone of another cohort, or a facilitator, through cohort A: not found.
		expect(await statusOf(resetParticipantPin(db, actors.facilitatorA, cohortA.id, participantB.id, NOW))).toBe(404);
		expect(await statusOf(resetParticipantPin(db, actors.admin, cohortA.id, actors.facilitatorA.id, NOW))).toBe(404);
		expect(await statusOf(resetParticipantPin(db, actors.facilitatorA, cohortB.id, participantB.id, NOW))).toBe(403);
		const { people } = await pinResetList(db, actors.admin, cohortA.id);
		expect(people.map((p) => p.firstName)).toContain(participantA.first_name);
		expect(people.every((p) => p.resetAt === null)).toBe(true);
		// Nothing changed: the PIN still works.
		expect((await login(participantA.first_name, DEMO_PIN)).ok).toBe(true);
	});

	it('gives a one-time code, ends the sessions, clears the locks, audits; the person then chooses a PIN', async () => {
		const person = actors.participantA;
		const token = generateSessionToken();
		await createSession(db, token, person.id, NOW);
		for (let i = 0; i < ACCOUNT_MAX_FAILURES; i++) await login(person.first_name, '0000');
		expect(await lockedUntil(db, accountKey(person.id))).not.toBeNull();

		const at = Date.now();
		const { code, firstName } = await resetParticipantPin(db, actors.facilitatorA, actors.cohortA.id, person.id, at);
		expect(code).toMatch(/^\d{6}$/);
		expect(firstName).toBe(person.first_name);
		expect(await validateSessionToken(db, token)).toBeNull();
		expect(await lockedUntil(db, accountKey(person.id))).toBeNull();
		const trail = await auditTrail(db, 'person', person.id);
		expect(trail[0]).toMatchObject({ action: 'pin.reset', actorId: actors.facilitatorA.id, detail: actors.cohortA.id });
		const stored = await db.selectFrom('user').select('pin_hash').where('id', '=', person.id).executeTakeFirstOrThrow();
		expect(stored.pin_hash).not.toContain(code);

		// The old PIN no longer opens; the code does, and the person must choose a PIN.
		expect((await login(person.first_name, DEMO_PIN)).ok).toBe(false);
		expect((await login(person.first_name, code)).ok).toBe(true);
		expect(await mustChoosePin(db, person)).toBe(true);
		expect(
			(await pinResetList(db, actors.facilitatorA, actors.cohortA.id)).people.find((p) => p.id === person.id)
		).toMatchObject({ resetAt: at });

		// A session older than the reset may not choose; the fresh one may.
		expect(await statusOf(choosePinAfterReset(db, person, '4321', at - 1))).toBe(400);
		await choosePinAfterReset(db, person, '4321', at + 1);
		expect(await mustChoosePin(db, person)).toBe(false);
		expect((await login(person.first_name, code)).ok).toBe(false);
		expect((await login(person.first_name, '4321')).ok).toBe(true);
		// Without a pending code there is nothing to choose this way.
		expect(await statusOf(choosePinAfterReset(db, person, '5555', Date.now()))).toBe(400);

		// An admin's reset works the same; changing the PIN the usual way also ends the pending code.
		const again = await resetParticipantPin(db, actors.admin, actors.cohortA.id, person.id);
		await changeOwnSecret(db, person, again.code, DEMO_PIN);
		expect(await mustChoosePin(db, person)).toBe(false);
		expect((await login(person.first_name, DEMO_PIN)).ok).toBe(true);
		expect((await auditTrail(db, 'person', person.id))[0]).toMatchObject({ actorId: actors.admin.id });
	});
});
