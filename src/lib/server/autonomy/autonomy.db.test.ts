// The autonomy ladder on both engines: the cohort's facilitators assess and observe, the person reads
// their own ladder and adds their own view beside the facilitator's, never changing it; nobody else.
import { describe, expect, it } from 'vitest';
import type { Db } from '#lib/server/db/index.ts';
import { useSeededTestDb } from '#lib/server/db/test-fixtures.ts';
import { refusal, refusalWithKey } from '#lib/server/db/test-db.ts';
import type { DemoActors } from '#lib/server/seed/demo-actors.ts';
import {
	autonomyPersonData,
	giveOwnView,
	myAutonomy,
	personAutonomy,
	recordObservation,
	saveAssessment
} from './autonomy.ts';

let db: Db;
let actors: DemoActors;
const NOW = Date.parse('2026-11-22T10:00:00Z');
const none = { job_search: null, paperwork: null, digital: null, mobility: null, time: null, group: null };

useSeededTestDb(NOW, (seeded) => ({ db, actors } = seeded));

/** An assessment of participant A at one stage, saved by the cohort's facilitator. */
const assessParticipantA = (assessment: Parameters<typeof saveAssessment>[4], at = NOW) =>
	saveAssessment(db, actors.facilitatorA, actors.cohortA.id, actors.participantA.id, assessment, at);
const paperworkOf = async (cohortId: string, personId: string) => {
	const { journeys } = await personAutonomy(db, actors.facilitatorA, cohortId, personId);
	return journeys.find((j) => j.dimension === 'paperwork')!;
};

describe(`the autonomy ladder on ${process.env.TEST_DB}`, () => {
	it('records three stages and measures the distance travelled; a stage recorded again is edited, not doubled', async () => {
		const { cohortA, facilitatorA, participantA } = actors;
		await assessParticipantA({
			stage: 'intake',
			day: '2026-11-02',
			note: 'Premier échange',
			levels: { ...none, paperwork: 1, digital: 2 }
		});
		await assessParticipantA({
			stage: 'end',
			day: '2026-11-27',
			note: '',
			levels: { ...none, paperwork: 4, digital: 4 }
		});
		await assessParticipantA({ stage: 'mid', day: '2026-11-14', note: '', levels: { ...none, paperwork: 2 } });
		await assessParticipantA(
			{ stage: 'mid', day: '2026-11-15', note: 'Corrigé', levels: { ...none, paperwork: 3 } },
			NOW + 1
		);

		const file = await personAutonomy(db, facilitatorA, cohortA.id, participantA.id);
		expect(file.assessments.map((a) => a.stage)).toEqual(['intake', 'mid', 'end']);
		expect(file.assessments[1]).toMatchObject({ day: '2026-11-15', note: 'Corrigé' });
		const paperwork = file.journeys.find((j) => j.dimension === 'paperwork')!;
		expect(paperwork.facilitatorLevels).toEqual([1, 3, 4]);
		expect(paperwork.change).toBe(3);
		expect(file.journeys.find((j) => j.dimension === 'digital')!.facilitatorLevels).toEqual([2, 4]);
		const stored = await db
			.selectFrom('autonomy_assessment')
			.select('stage')
			.where('person_id', '=', participantA.id)
			.execute();
		expect(stored).toHaveLength(3);
		expect(await refusalWithKey(assessParticipantA({ stage: 'end', day: '2026-11-27', note: '', levels: none }))).toBe(
			'400 autonomy_need_one_level'
		);
	});

	it('lets the person add their own view beside the facilitator’s, never change the facilitator’s level or note', async () => {
		const { cohortA, participantA } = actors;
		const [mine] = await myAutonomy(db, participantA);
		expect(mine.cohort.id).toBe(cohortA.id);
		const intake = mine.assessments.find((a) => a.stage === 'intake')!;
		expect(intake.levels.paperwork).toEqual({ facilitator: 1, self: null });

		await giveOwnView(db, participantA, intake.id, { self: { ...none, paperwork: 2 } }, NOW + 10);
		const forged = await refusalWithKey(
			giveOwnView(
				db,
				participantA,
				intake.id,
				{ self: { ...none, paperwork: 2 }, facilitator: { paperwork: 5 } },
				NOW + 20
			)
		);
		expect(forged).toBe('403 autonomy_only_own_view');
		expect(
			await refusal(giveOwnView(db, participantA, intake.id, { self: none, note: 'Tout va bien' }, NOW + 20))
		).toBe(403);
		// Nor through the facilitator's door.
		expect(
			await refusal(
				saveAssessment(
					db,
					participantA,
					cohortA.id,
					participantA.id,
					{ stage: 'intake', day: '2026-11-02', note: 'Tout va bien', levels: { ...none, paperwork: 5 } },
					NOW
				)
			)
		).toBe(403);

		const after = (await myAutonomy(db, participantA))[0].assessments.find((a) => a.stage === 'intake')!;
		expect(after.levels.paperwork).toEqual({ facilitator: 1, self: 2 });
		expect(after.note).toBe('Premier échange');
		expect((await paperworkOf(cohortA.id, participantA.id)).selfLevels).toEqual([2]);

		// The facilitator editing the stage again keeps the person's view.
		await assessParticipantA(
			{ stage: 'intake', day: '2026-11-02', note: 'Premier échange', levels: { ...none, paperwork: 1, digital: 2 } },
			NOW + 30
		);
		expect((await paperworkOf(cohortA.id, participantA.id)).points[0]).toEqual({
			stage: 'intake',
			facilitator: 1,
			self: 2
		});
	});

	it('records quick observations tied to a dimension, read by the facilitators and the person', async () => {
		const { cohortA, facilitatorA, participantA } = actors;
		await recordObservation(
			db,
			facilitatorA,
			cohortA.id,
			participantA.id,
			{ dimension: 'paperwork', note: 'A rempli seule son dossier' },
			NOW + 40
		);
		const file = await personAutonomy(db, facilitatorA, cohortA.id, participantA.id);
		expect(file.observations).toMatchObject([
			{ dimension: 'paperwork', note: 'A rempli seule son dossier', observerName: 'Claire' }
		]);
		expect((await myAutonomy(db, participantA))[0].observations).toHaveLength(1);
	});

	it('refuses everyone else: another cohort’s facilitator, directors, admins, other participants', async () => {
		const { cohortA, cohortB, facilitatorA, facilitatorB, participantA, participantB, director, admin } = actors;
		const input = { stage: 'end' as const, day: '2026-11-27', note: 'x', levels: { ...none, paperwork: 5 } };
		for (const actor of [facilitatorB, director, admin, participantB, participantA]) {
			expect(await refusal(personAutonomy(db, actor, cohortA.id, participantA.id))).toBe(403);
			expect(await refusal(saveAssessment(db, actor, cohortA.id, participantA.id, input, NOW))).toBe(403);
			expect(
				await refusal(
					recordObservation(db, actor, cohortA.id, participantA.id, { dimension: 'digital', note: 'x' }, NOW)
				)
			).toBe(403);
		}
		// A facilitator asking through their own cohort for someone of another: not found.
		expect(await refusal(personAutonomy(db, facilitatorA, cohortA.id, participantB.id))).toBe(404);
		expect(await refusal(personAutonomy(db, facilitatorB, cohortB.id, participantA.id))).toBe(404);
		for (const actor of [facilitatorA, director, admin]) expect(await refusal(myAutonomy(db, actor))).toBe(403);
		const intake = (await myAutonomy(db, participantA))[0].assessments[0];
		expect(await refusal(giveOwnView(db, participantB, intake.id, { self: { ...none, paperwork: 5 } }))).toBe(404);
		for (const actor of [facilitatorA, director])
			expect(await refusal(giveOwnView(db, actor, intake.id, { self: { ...none, paperwork: 5 } }))).toBe(403);
		expect((await paperworkOf(cohortA.id, participantA.id)).points.map((p) => p.facilitator)).toEqual([1, 3, 4]);
		expect((await paperworkOf(cohortA.id, participantA.id)).points[0].self).toBe(2);
	});

	it('seeds last year’s journey for the demo (Yasmina: three stages, her own view at intake)', async () => {
		const [mine] = await myAutonomy(db, actors.participantB);
		expect(mine.assessments.map((a) => a.stage)).toEqual(['intake', 'mid', 'end']);
		const paperwork = mine.journeys.find((j) => j.dimension === 'paperwork')!;
		expect(paperwork.facilitatorLevels).toEqual([1, 3, 4]);
		expect(paperwork.selfLevels).toEqual([2]);
		expect(mine.observations).toHaveLength(1);
		expect((await personAutonomy(db, actors.facilitatorB, actors.cohortB.id, actors.participantB.id)).journeys).toEqual(
			mine.journeys
		);
	});

	it('exports the person’s ladder and, on erasure, keeps the levels but not the notes', async () => {
		const { participantA } = actors;
		const exported = (await autonomyPersonData.collect(db, participantA.id)) as {
			assessments: { note: string; scores: unknown[] }[];
			observations: unknown[];
		};
		expect(exported.assessments).toHaveLength(3);
		expect(exported.assessments[0].scores).toHaveLength(6);
		expect(exported.observations).toHaveLength(1);
		await db.transaction().execute((trx) => autonomyPersonData.erase(trx, participantA.id, NOW));
		const after = (await autonomyPersonData.collect(db, participantA.id)) as typeof exported;
		expect(after.assessments.every((a) => a.note === '')).toBe(true);
		expect(after.assessments[0].scores).toEqual(exported.assessments[0].scores);
	});
});
