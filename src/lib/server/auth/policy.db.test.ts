// The rules that read a cohort's membership, one test each, for every demo actor against cohort A
// (run by facilitatorA, with participantA; participantB and facilitatorB belong to cohort B).
import { describe, expect, it } from 'vitest';
import type { Db } from '#lib/server/db/index.ts';
import { useSeededTestDb } from '#lib/server/db/test-fixtures.ts';
import { refusal } from '#lib/server/db/test-db.ts';
import type { DemoActors } from '#lib/server/seed/demo-actors.ts';
import {
	cohortAccess,
	requireCohortFacilitator,
	requireCohortMember,
	requireCohortModalityEditor,
	requireFacilitatedParticipant,
	requireCohortFacilitatorAssigner,
	requireOwnParticipation,
	type Actor
} from './policy.ts';

let db: Db;
let actors: DemoActors;
const NOW = Date.parse('2026-11-22T10:00:00Z');

useSeededTestDb(NOW, (seeded) => ({ db, actors } = seeded));

const WHO = ['participantA', 'participantB', 'facilitatorA', 'facilitatorB', 'director', 'admin'] as const;

/** What each actor gets from a rule: 'allowed' or the refusal's status. */
async function table(rule: (actor: Actor) => Promise<unknown>) {
	const out: Record<string, 'allowed' | number> = {};
	for (const who of WHO) out[who] = await refusal(rule(actors[who]));
	return out;
}

/** The table of a rule that lets only `allowed` through and refuses everyone else with a 403. */
const allowedOnly = (...allowed: (typeof WHO)[number][]) =>
	Object.fromEntries(WHO.map((who) => [who, allowed.includes(who) ? 'allowed' : 403]));

describe(`cohort rules on ${process.env.TEST_DB}`, () => {
	it('cohortAccess: members by their role in it, directors and admins as an overview, others refused', async () => {
		const access: Record<string, string | number> = {};
		for (const who of WHO) {
			access[who] = await cohortAccess(db, actors[who], actors.cohortA.id).then(
				(r) => r.access,
				(e: { status: number }) => e.status
			);
		}
		expect(access).toEqual({
			participantA: 'participant',
			participantB: 403,
			facilitatorA: 'facilitator',
			facilitatorB: 403,
			director: 'overview',
			admin: 'overview'
		});
		expect(await refusal(cohortAccess(db, actors.facilitatorA, 'nosuchcohort0000'))).toBe(404);
	});

	it('requireCohortMember: the feed and the rooms, for the cohort’s facilitators and participants', async () => {
		expect(await table((a) => requireCohortMember(db, a, actors.cohortA.id))).toEqual(
			allowedOnly('participantA', 'facilitatorA')
		);
	});

	it('requireCohortFacilitator: running the cohort', async () => {
		expect(await table((a) => requireCohortFacilitator(db, a, actors.cohortA.id))).toEqual(allowedOnly('facilitatorA'));
	});

	it('requireCohortFacilitatorAssigner: changing who runs the cohort, for the director and the admin', async () => {
		expect(await table((a) => requireCohortFacilitatorAssigner(db, a, actors.cohortA.id))).toEqual(
			allowedOnly('director', 'admin')
		);
		expect(await refusal(requireCohortFacilitatorAssigner(db, actors.director, 'nosuchcohort0000'))).toBe(404);
	});

	it('requireCohortModalityEditor: correcting the declared modality, for its facilitators, the director and the admin', async () => {
		expect(await table((a) => requireCohortModalityEditor(db, a, actors.cohortA.id))).toEqual(
			allowedOnly('facilitatorA', 'director', 'admin')
		);
	});

	it('requireFacilitatedParticipant: a participant’s file, for the cohort’s facilitators', async () => {
		const file = (a: Actor) => requireFacilitatedParticipant(db, a, actors.cohortA.id, actors.participantA.id);
		expect(await table(file)).toEqual(allowedOnly('facilitatorA'));
		const { person } = await file(actors.facilitatorA);
		expect(person.id).toBe(actors.participantA.id);
		// A participant of another cohort, or the facilitator themself: their existence stays hidden.
		for (const other of [actors.participantB.id, actors.facilitatorA.id]) {
			expect(await refusal(requireFacilitatedParticipant(db, actors.facilitatorA, actors.cohortA.id, other))).toBe(404);
		}
	});

	it('requireOwnParticipation: a participant’s own records in a cohort of theirs', async () => {
		expect(await table((a) => requireOwnParticipation(db, a, actors.cohortA.id))).toEqual(allowedOnly('participantA'));
	});
});
