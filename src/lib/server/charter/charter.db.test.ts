// The group's charter and its peer ambassadors on both engines: facilitators write, participants
// accept the version they read, directors see the text and the count, nobody else.
import { describe, expect, it } from 'vitest';
import type { Db } from '#lib/server/db/index.ts';
import { useSeededTestDb } from '#lib/server/db/test-fixtures.ts';
import { refusal, refusalWithKey } from '#lib/server/db/test-db.ts';
import { cohortAmbassadors, setPeerAmbassador } from '#lib/server/cohorts/ambassadors.ts';
import type { DemoActors } from '#lib/server/seed/demo-actors.ts';
import { acceptCharter, cohortCharter, saveCharter } from './charter.ts';

let db: Db;
let actors: DemoActors;
const NOW = Date.parse('2026-11-22T10:00:00Z');
const RULES = 'On arrive à l’heure ou on prévient.\nOn écoute sans couper la parole.\nCe qui se dit ici reste ici.';

useSeededTestDb(NOW, (seeded) => ({ db, actors } = seeded));

describe(`the group charter on ${process.env.TEST_DB}`, () => {
	it('is written by a facilitator of the cohort and accepted by each participant for the version they read', async () => {
		const { cohortA, facilitatorA, participantA } = actors;
		// The demo seeds a charter for the running cohort: start from its current version.
		const before = await cohortCharter(db, facilitatorA, cohortA.id);
		const version = await saveCharter(db, facilitatorA, cohortA.id, { body: RULES }, NOW);
		expect(version).toBe((before.text?.version ?? 0) + 1);
		// Saving the same words again is not a new version.
		expect(await saveCharter(db, facilitatorA, cohortA.id, { body: RULES }, NOW + 1)).toBe(version);

		const fresh = await cohortCharter(db, participantA, cohortA.id);
		expect(fresh.text).toMatchObject({ body: RULES, version, updatedBy: 'Claire' });
		expect(fresh.mine).toEqual({ accepted: false, acceptedAt: null });
		expect(fresh.acceptedCount).toBe(0);
		expect(fresh.pending).toEqual([]);

		await acceptCharter(db, participantA, cohortA.id, version, NOW + 60_000);
		const accepted = await cohortCharter(db, participantA, cohortA.id);
		expect(accepted.mine).toEqual({ accepted: true, acceptedAt: NOW + 60_000 });
		expect(accepted.acceptedCount).toBe(1);

		const seen = await cohortCharter(db, facilitatorA, cohortA.id);
		expect(seen.pending.map((p) => p.firstName)).not.toContain('Fatima');
		expect(seen.pending).toHaveLength(seen.participantCount - 1);
	});

	it('asks everyone again when the text changes, and refuses accepting an old version', async () => {
		const { cohortA, facilitatorA, participantA } = actors;
		const { text } = await cohortCharter(db, facilitatorA, cohortA.id);
		const next = await saveCharter(db, facilitatorA, cohortA.id, { body: `${RULES}\nOn s’entraide.` }, NOW + 120_000);
		expect(next).toBe(text!.version + 1);
		const after = await cohortCharter(db, participantA, cohortA.id);
		expect(after.mine?.accepted).toBe(false);
		expect(after.acceptedCount).toBe(0);
		expect(await refusalWithKey(acceptCharter(db, participantA, cohortA.id, text!.version, NOW + 180_000))).toBe(
			'409 charter_changed'
		);
		await acceptCharter(db, participantA, cohortA.id, next, NOW + 180_000);
		expect((await cohortCharter(db, participantA, cohortA.id)).mine?.accepted).toBe(true);
	});

	it('is read by directors as text and count only, and written or accepted by nobody else', async () => {
		const { cohortA, facilitatorA, facilitatorB, participantA, participantB, director, admin } = actors;
		const overview = await cohortCharter(db, director, cohortA.id);
		expect(overview.text).not.toBeNull();
		expect(overview.pending).toEqual([]);
		expect(overview.mine).toBeNull();
		const { text } = await cohortCharter(db, facilitatorA, cohortA.id);
		for (const actor of [participantA, participantB, facilitatorB, director, admin]) {
			expect(await refusal(saveCharter(db, actor, cohortA.id, { body: 'Autre chose' }, NOW))).toBe(403);
		}
		for (const actor of [participantB, facilitatorA, facilitatorB, director, admin]) {
			expect(await refusal(acceptCharter(db, actor, cohortA.id, text!.version, NOW))).toBe(403);
		}
		expect(await refusal(cohortCharter(db, participantB, cohortA.id))).toBe(403);
		expect((await cohortCharter(db, facilitatorA, cohortA.id)).text?.body).toBe(text!.body);
	});
});

describe(`peer ambassadors on ${process.env.TEST_DB}`, () => {
	it('are marked by a facilitator of the cohort and shown to the other members', async () => {
		const { cohortA, facilitatorA, participantA } = actors;
		// The demo's ambassador is Sophie.
		expect((await cohortAmbassadors(db, participantA, cohortA.id)).map((a) => a.firstName)).toEqual(['Sophie']);
		await setPeerAmbassador(db, facilitatorA, cohortA.id, participantA.id, true);
		expect((await cohortAmbassadors(db, facilitatorA, cohortA.id)).map((a) => a.firstName)).toEqual([
			'Fatima',
			'Sophie'
		]);
		// An ambassador is not shown themself.
		expect((await cohortAmbassadors(db, participantA, cohortA.id)).map((a) => a.firstName)).toEqual(['Sophie']);
		await setPeerAmbassador(db, facilitatorA, cohortA.id, participantA.id, false);
		expect((await cohortAmbassadors(db, facilitatorA, cohortA.id)).map((a) => a.firstName)).toEqual(['Sophie']);
	});

	it('are marked by nobody else, and only among the cohort’s participants', async () => {
		const { cohortA, facilitatorA, facilitatorB, participantA, participantB, director, admin } = actors;
		for (const actor of [participantA, participantB, facilitatorB, director, admin]) {
			expect(await refusal(setPeerAmbassador(db, actor, cohortA.id, participantA.id, true))).toBe(403);
		}
		expect(await refusal(setPeerAmbassador(db, facilitatorA, cohortA.id, participantB.id, true))).toBe(404);
		expect(await refusal(setPeerAmbassador(db, facilitatorA, cohortA.id, facilitatorA.id, true))).toBe(404);
		expect(await refusal(cohortAmbassadors(db, participantB, cohortA.id))).toBe(403);
		const flagged = await db.selectFrom('cohort_member').select('user_id').where('peer_ambassador', '=', 1).execute();
		expect(flagged).toHaveLength(1);
	});
});
