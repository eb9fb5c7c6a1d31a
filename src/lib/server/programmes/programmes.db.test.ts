import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import type { Db } from '#lib/server/db/index.ts';
import { refusalWithKey } from '#lib/server/db/test-db.ts';
import type { DemoActors } from '#lib/server/seed/demo-actors.ts';
import { createCohort } from '#lib/server/cohorts/cohorts.ts';
import { zonedParts } from '#lib/server/cohorts/local-time.ts';
import { cohortAssignments } from '#lib/server/assignments/assignments.ts';
import {
	addBlock,
	createProgramme,
	duplicateProgramme,
	getProgramme,
	listProgrammes,
	moveBlock,
	updateBlock
} from './programmes.ts';
import { blockSchema } from './schemas.ts';
import { blockInput, useSeededTestDb } from '#lib/server/db/test-fixtures.ts';
import * as migration0029 from '#lib/server/db/migrations/0029-programme-blocks.ts';

let db: Db;
let actors: DemoActors;
const NOW = Date.parse('2026-11-22T10:00:00Z');

useSeededTestDb(NOW, (seeded) => ({ db, actors } = seeded));

const titles = async (programmeId: string) =>
	(await getProgramme(db, actors.facilitatorA, programmeId)).blocks.map((b) => b.title);

describe(`programme blocks on ${process.env.TEST_DB}`, () => {
	it('reads a day number as typed: "1" is the first day, kept as offset 0 and shown as Jour 1', () => {
		const parsed = v.parse(blockSchema, {
			...{ kind: 'live', title: 'Accueil', startTime: '09:30', durationMinutes: '60', objectives: '' },
			...{ optional: '', instructions: '', link: '', dueOffsetDays: '', skills: [] },
			day: '1'
		});
		expect(parsed).toMatchObject({ dayOffset: 0, dueOffsetDays: 0 });
		expect('day' in parsed).toBe(false);
		expect(v.safeParse(blockSchema, { ...parsed, day: '0' }).success).toBe(false);
	});

	it('copies an async block’s instructions, link and due offset into each new cohort, due in the club’s time zone', async () => {
		const programmeId = await createProgramme(db, actors.facilitatorA, { title: 'Devoirs', description: '' }, NOW);
		await addBlock(db, actors.facilitatorA, programmeId, blockInput({ title: 'Accueil' }), NOW);
		const work = {
			kind: 'async' as const,
			title: 'Ma lettre',
			dayOffset: 2,
			startTime: '14:00',
			durationMinutes: 90,
			objectives: 'Écrire une lettre.',
			instructions: 'Écrivez une lettre de 10 lignes.\nEnvoyez une photo.',
			link: 'https://example.org/modele',
			dueOffsetDays: 3
		};
		const workId = await addBlock(db, actors.facilitatorA, programmeId, blockInput(work), NOW);
		// Only async work keeps them: a live block sent with them drops them.
		const liveId = await addBlock(
			db,
			actors.facilitatorA,
			programmeId,
			blockInput({ title: 'Visio', dayOffset: 3, instructions: 'Non', link: 'https://example.org', dueOffsetDays: 4 }),
			NOW
		);
		const { blocks } = await getProgramme(db, actors.facilitatorA, programmeId);
		expect(blocks.find((b) => b.id === workId)).toMatchObject({
			instructions: work.instructions,
			link: work.link,
			due_offset_days: 3
		});
		expect(blocks.find((b) => b.id === liveId)).toMatchObject({ instructions: '', link: null, due_offset_days: 0 });

		// 2027-03-26 + 2 days = Sunday 28 March, the night Paris moves to summer time; due 3 days later, at 15:30.
		const cohortId = await createCohort(
			db,
			actors.facilitatorA,
			{ programmeId, name: 'Printemps des lettres', startDate: '2027-03-26', modality: 'hybrid' },
			NOW
		);
		const assignments = Object.values(await cohortAssignments(db, actors.facilitatorA, cohortId));
		expect(assignments).toHaveLength(1);
		expect(assignments[0]).toMatchObject({
			instructions: work.instructions,
			link: work.link,
			dueDate: '2027-03-31',
			dueTime: '15:30',
			mode: 'individual'
		});
		expect(new Date(assignments[0].dueAt).toISOString()).toBe('2027-03-31T13:30:00.000Z');

		// A cohort of the same programme gets its own copy: the facilitator changes it there without touching the programme.
		await updateBlock(
			db,
			actors.facilitatorA,
			programmeId,
			workId,
			blockInput({ ...work, instructions: 'Autre' }),
			NOW
		);
		const row = await db
			.selectFrom('assignment')
			.innerJoin('activity', 'activity.id', 'assignment.activity_id')
			.select('assignment.instructions')
			.where('activity.cohort_id', '=', cohortId)
			.executeTakeFirstOrThrow();
		expect(row.instructions).toBe(work.instructions);
	});

	it('gives no assignment row to an async block without instructions, link or offset (the objectives stand in)', async () => {
		const programmeId = await createProgramme(
			db,
			actors.facilitatorA,
			{ title: 'Sans consignes', description: '' },
			NOW
		);
		await addBlock(db, actors.facilitatorA, programmeId, blockInput({ kind: 'async', objectives: 'Lire.' }), NOW);
		const withOffset = await createProgramme(db, actors.facilitatorA, { title: 'Délai seul', description: '' }, NOW);
		await addBlock(
			db,
			actors.facilitatorA,
			withOffset,
			blockInput({ kind: 'async', objectives: 'Relire.', dueOffsetDays: 1 }),
			NOW
		);
		const plain = await createCohort(
			db,
			actors.facilitatorA,
			{ programmeId, name: 'Sans', startDate: '2027-01-04', modality: 'remote' },
			NOW
		);
		const offset = await createCohort(
			db,
			actors.facilitatorA,
			{ programmeId: withOffset, name: 'Délai', startDate: '2027-01-04', modality: 'remote' },
			NOW
		);
		const rows = (cohortId: string) =>
			db
				.selectFrom('assignment')
				.innerJoin('activity', 'activity.id', 'assignment.activity_id')
				.select(['assignment.instructions', 'assignment.due_at'])
				.where('activity.cohort_id', '=', cohortId)
				.execute();
		expect(await rows(plain)).toEqual([]);
		const [due] = await rows(offset);
		expect(due.instructions).toBe('Relire.');
		expect(zonedParts(Number(due.due_at), 'Europe/Paris')).toEqual({ date: '2027-01-05', time: '10:30' });
	});

	it('keeps an explicit order: a new block goes by day and time, the editor moves blocks up and down', async () => {
		const programmeId = await createProgramme(db, actors.facilitatorA, { title: 'Ordre', description: '' }, NOW);
		await addBlock(db, actors.facilitatorA, programmeId, blockInput({ title: 'B', dayOffset: 1 }), NOW);
		await addBlock(db, actors.facilitatorA, programmeId, blockInput({ title: 'D', dayOffset: 3 }), NOW);
		await addBlock(db, actors.facilitatorA, programmeId, blockInput({ title: 'A', dayOffset: 0 }), NOW);
		await addBlock(
			db,
			actors.facilitatorA,
			programmeId,
			blockInput({ title: 'C', dayOffset: 1, startTime: '14:00' }),
			NOW
		);
		expect(await titles(programmeId)).toEqual(['A', 'B', 'C', 'D']);
		const id = async (title: string) =>
			(await getProgramme(db, actors.facilitatorA, programmeId)).blocks.find((b) => b.title === title)!.id;

		await moveBlock(db, actors.facilitatorA, programmeId, await id('D'), 'up', NOW);
		expect(await titles(programmeId)).toEqual(['A', 'B', 'D', 'C']);
		await moveBlock(db, actors.admin, programmeId, await id('A'), 'down', NOW);
		expect(await titles(programmeId)).toEqual(['B', 'A', 'D', 'C']);
		// At the ends, nothing moves.
		await moveBlock(db, actors.facilitatorA, programmeId, await id('B'), 'up', NOW);
		await moveBlock(db, actors.facilitatorA, programmeId, await id('C'), 'down', NOW);
		expect(await titles(programmeId)).toEqual(['B', 'A', 'D', 'C']);
		const { blocks } = await getProgramme(db, actors.facilitatorA, programmeId);
		expect(blocks.map((b) => b.position)).toEqual([0, 1, 2, 3]);
		// The days do not change with the order.
		expect(blocks.map((b) => b.day_offset)).toEqual([1, 0, 3, 1]);

		expect(await refusalWithKey(moveBlock(db, actors.director, programmeId, await id('A'), 'up', NOW))).toBe(
			'403 error_forbidden'
		);
		expect(await refusalWithKey(moveBlock(db, actors.participantA, programmeId, await id('A'), 'up', NOW))).toBe(
			'403 error_forbidden'
		);
		// A block of another programme, through this one: not found, nothing moves.
		const [other] = (await getProgramme(db, actors.facilitatorA, (await listProgrammes(db, actors.facilitatorA))[0].id))
			.blocks;
		expect(await refusalWithKey(moveBlock(db, actors.facilitatorA, programmeId, other.id, 'up', NOW))).toBe(
			'404 error_not_found'
		);
		expect(await titles(programmeId)).toEqual(['B', 'A', 'D', 'C']);
	});

	it('duplicates a programme with all its blocks, their order, async work and skills, titled "… (copie)"', async () => {
		const programmeId = await createProgramme(
			db,
			actors.facilitatorA,
			{ title: 'Club court', description: 'Trois jours.' },
			NOW
		);
		await addBlock(
			db,
			actors.facilitatorA,
			programmeId,
			blockInput({ title: 'Visio', skills: ['join_video_call'] }),
			NOW
		);
		await addBlock(
			db,
			actors.facilitatorA,
			programmeId,
			blockInput({
				kind: 'async',
				title: 'CV',
				dayOffset: 1,
				instructions: 'Photographiez votre CV.',
				link: 'https://example.org/cv',
				dueOffsetDays: 2,
				skills: ['photo_document', 'send_document']
			}),
			NOW
		);
		const first = (await getProgramme(db, actors.facilitatorA, programmeId)).blocks;
		await moveBlock(db, actors.facilitatorA, programmeId, first[1].id, 'up', NOW);

		const copyId = await duplicateProgramme(db, actors.facilitatorA, programmeId, ' (copie)', NOW);
		const original = await getProgramme(db, actors.facilitatorA, programmeId);
		const copy = await getProgramme(db, actors.facilitatorA, copyId);
		expect(copy.programme).toMatchObject({
			title: 'Club court (copie)',
			description: 'Trois jours.',
			organisation_id: actors.facilitatorA.organisation_id
		});
		const shape = (b: (typeof copy.blocks)[number]) => {
			const { id: _id, programme_id: _programme, ...rest } = b;
			return { ...rest, skills: [...rest.skills].sort() };
		};
		expect(copy.blocks.map(shape)).toEqual(original.blocks.map(shape));
		expect(copy.blocks.map((b) => b.title)).toEqual(['CV', 'Visio']);
		expect(copy.blocks.some((b) => original.blocks.some((o) => o.id === b.id))).toBe(false);

		// A long title is cut so that the copy fits the 120-character limit.
		const long = await createProgramme(db, actors.admin, { title: 'x'.repeat(120), description: '' }, NOW);
		const longCopy = await duplicateProgramme(db, actors.admin, long, ' (copie)', NOW);
		const { programme } = await getProgramme(db, actors.admin, longCopy);
		expect(programme.title).toBe(`${'x'.repeat(112)} (copie)`);

		for (const who of [actors.director, actors.participantA])
			expect(await refusalWithKey(duplicateProgramme(db, who, programmeId, ' (copie)', NOW))).toBe(
				'403 error_forbidden'
			);
		expect(await refusalWithKey(duplicateProgramme(db, actors.facilitatorA, 'aaaaaaaaaaaaaaaa', ' (copie)', NOW))).toBe(
			'404 error_not_found'
		);
	});

	it('migration 0029 keeps existing programmes as they read: its order by day and time becomes the explicit order', async () => {
		const programmeId = await createProgramme(db, actors.facilitatorA, { title: 'D’avant', description: '' }, NOW);
		for (const [title, dayOffset] of [
			['Premier', 0],
			['Deuxième', 1],
			['Troisième', 2]
		] as const)
			await addBlock(db, actors.facilitatorA, programmeId, blockInput({ title, dayOffset }), NOW);
		// Before 0029, positions followed the order of adding and the page sorted by day, time, then position.
		await migration0029.down(db);
		for (const [title, position] of [
			['Premier', 2],
			['Deuxième', 0],
			['Troisième', 1]
		] as const)
			await db
				.updateTable('programme_block')
				.set({ position })
				.where('programme_id', '=', programmeId)
				.where('title', '=', title)
				.execute();
		await migration0029.up(db);
		const { blocks } = await getProgramme(db, actors.facilitatorA, programmeId);
		expect(blocks.map((b) => [b.title, b.position, b.day_offset])).toEqual([
			['Premier', 0, 0],
			['Deuxième', 1, 1],
			['Troisième', 2, 2]
		]);
		expect(blocks[0]).toMatchObject({ instructions: '', link: null, due_offset_days: 0 });
	});
});
