// Goals on both engines: written by the cohort's facilitators, small steps added and achieved by the
// person, the "Bravo" banner until closed, refusals for everyone else, erasure keeping counts.
import { describe, expect, it } from 'vitest';
import type { Db } from '#lib/server/db/index.ts';
import { useSeededTestDb } from '#lib/server/db/test-fixtures.ts';
import { refusal, refusalWithKey } from '#lib/server/db/test-db.ts';
import type { DemoActors } from '#lib/server/seed/demo-actors.ts';
import { parseForm } from '#lib/server/http/validation.ts';
import {
	addOwnStep,
	closeCelebration,
	createGoal,
	goalsPersonData,
	markOwnStepAchieved,
	myGoals,
	pendingCelebrations,
	personGoals,
	updateGoal
} from './goals.ts';
import { goalSchema } from './schemas.ts';

let db: Db;
let actors: DemoActors;
const NOW = Date.parse('2026-11-22T10:00:00Z');
const job = {
	kind: 'end' as const,
	category: 'job' as const,
	title: 'Un CDI d’aide-soignante',
	targetDate: '2027-03-01',
	status: 'planned' as const
};
const cv = {
	kind: 'step' as const,
	category: 'cv' as const,
	title: 'Finir mon CV',
	targetDate: null,
	status: 'in_progress' as const
};

useSeededTestDb(NOW, (seeded) => ({ db, actors } = seeded));

describe(`goals on ${process.env.TEST_DB}`, () => {
	let cvId: string;
	let jobId: string;

	it('lets the cohort’s facilitators write, edit and close a person’s goals', async () => {
		const { cohortA, facilitatorA, participantA } = actors;
		jobId = await createGoal(db, facilitatorA, cohortA.id, participantA.id, job, NOW);
		cvId = await createGoal(db, facilitatorA, cohortA.id, participantA.id, cv, NOW);
		await updateGoal(db, facilitatorA, cohortA.id, participantA.id, jobId, { ...job, status: 'in_progress' }, NOW + 1);
		const { goals, person } = await personGoals(db, facilitatorA, cohortA.id, participantA.id);
		expect(person.firstName).toBe('Fatima');
		expect(goals).toMatchObject([
			{
				id: jobId,
				kind: 'end',
				status: 'in_progress',
				target_date: '2027-03-01',
				achieved_at: null,
				created_by: facilitatorA.id
			},
			{ id: cvId, kind: 'step', status: 'in_progress', target_date: null }
		]);
	});

	it('lets the person add their own small steps and mark their steps achieved, not an end situation', async () => {
		const { participantA } = actors;
		const own = await addOwnStep(
			db,
			participantA,
			{ category: 'digital', title: 'Créer mon adresse e-mail', targetDate: '2026-12-01' },
			NOW
		);
		await markOwnStepAchieved(db, participantA, cvId, NOW + 5);
		expect(await refusal(markOwnStepAchieved(db, participantA, jobId, NOW))).toBe(403);
		const { goals, cohort } = await myGoals(db, participantA);
		expect(cohort?.id).toBe(actors.cohortA.id);
		expect(goals.find((g) => g.id === own)).toMatchObject({
			kind: 'step',
			status: 'planned',
			created_by: participantA.id
		});
		expect(goals.find((g) => g.id === cvId)).toMatchObject({ status: 'achieved', achieved_at: NOW + 5 });
	});

	it('celebrates an achievement until the person closes the banner, and again for a new one', async () => {
		const { cohortA, facilitatorA, participantA } = actors;
		expect((await pendingCelebrations(db, participantA)).map((g) => g.title)).toEqual(['Finir mon CV']);
		await closeCelebration(db, participantA, cvId, NOW + 10);
		expect(await pendingCelebrations(db, participantA)).toEqual([]);
		await updateGoal(db, facilitatorA, cohortA.id, participantA.id, jobId, { ...job, status: 'achieved' }, NOW + 20);
		expect(await pendingCelebrations(db, participantA)).toMatchObject([{ id: jobId, achieved_at: NOW + 20 }]);
		expect(await pendingCelebrations(db, facilitatorA)).toEqual([]);
	});

	it('is refused to everyone else; someone else’s goal is not found', async () => {
		const { cohortA, cohortB, facilitatorA, facilitatorB, participantA, participantB, director, admin } = actors;
		for (const actor of [participantA, participantB, facilitatorB, director, admin]) {
			expect(await refusal(personGoals(db, actor, cohortA.id, participantA.id))).toBe(403);
			expect(await refusal(createGoal(db, actor, cohortA.id, participantA.id, job, NOW))).toBe(403);
			expect(await refusal(updateGoal(db, actor, cohortA.id, participantA.id, jobId, job, NOW))).toBe(403);
		}
		expect(await refusal(createGoal(db, facilitatorA, cohortA.id, participantB.id, job, NOW))).toBe(404);
		expect(await refusal(updateGoal(db, facilitatorB, cohortB.id, participantB.id, jobId, job, NOW))).toBe(404);
		expect(await refusal(markOwnStepAchieved(db, participantB, cvId, NOW))).toBe(404);
		expect(await refusal(closeCelebration(db, participantB, jobId, NOW))).toBe(404);
		for (const actor of [facilitatorA, director])
			expect(await refusalWithKey(addOwnStep(db, actor, { category: 'cv', title: 'x', targetDate: null }, NOW))).toBe(
				'403 error_forbidden'
			);
	});

	it('validates the form', () => {
		const data = new FormData();
		for (const [k, val] of [
			['kind', 'dream'],
			['category', 'cv'],
			['title', '  '],
			['targetDate', '2026-13-01'],
			['status', 'done']
		])
			data.append(k, val);
		const parsed = parseForm(goalSchema, data);
		expect(parsed.ok).toBe(false);
		if (!parsed.ok)
			expect(parsed.errors).toEqual({
				kind: 'form_invalid_choice',
				title: 'form_required',
				targetDate: 'form_invalid_date',
				status: 'form_invalid_choice'
			});
	});

	it('seeds last year’s goals for the demo (Yasmina reached her training; celebrations already seen)', async () => {
		const { cohortB, facilitatorB, participantB } = actors;
		const { goals } = await personGoals(db, facilitatorB, cohortB.id, participantB.id);
		expect(goals.map((g) => [g.kind, g.category, g.status])).toEqual([
			['end', 'training', 'achieved'],
			['step', 'cv', 'achieved'],
			['step', 'interview', 'achieved']
		]);
		expect(
			goals.every((g) => g.achieved_at !== null && g.achieved_at < Date.parse(`${cohortB.end_date}T23:59:59Z`))
		).toBe(true);
		expect(await pendingCelebrations(db, participantB)).toEqual([]);
	});

	it('exports the person’s goals; erasure removes titles and dates but keeps how many were met', async () => {
		const { participantA } = actors;
		expect(await goalsPersonData.collect(db, participantA.id)).toHaveLength(3);
		await db.transaction().execute((trx) => goalsPersonData.erase(trx, participantA.id, NOW));
		const rows = await db
			.selectFrom('goal')
			.select(['title', 'target_date', 'status', 'created_by'])
			.where('user_id', '=', participantA.id)
			.execute();
		expect(rows.every((r) => r.title === '' && r.target_date === null && r.created_by === null)).toBe(true);
		expect(rows.filter((r) => r.status === 'achieved')).toHaveLength(2);
	});
});
