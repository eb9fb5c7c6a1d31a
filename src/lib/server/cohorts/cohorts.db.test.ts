import { describe, expect, it } from 'vitest';
import type { Db } from '#lib/server/db/index.ts';
import { refusal } from '#lib/server/db/test-db.ts';
import {
	addActivity,
	cohortTimeline,
	participantAgenda,
	removeActivity,
	updateActivity
} from '#lib/server/activities/activities.ts';
import { addCohortAActivity, blockInput, useSeededTestDb } from '#lib/server/db/test-fixtures.ts';
import {
	addBlock,
	createProgramme,
	getProgramme,
	listProgrammes,
	removeBlock,
	updateBlock
} from '#lib/server/programmes/programmes.ts';
import type { DemoActors } from '#lib/server/seed/demo-actors.ts';
import { createCohort, getCohort, listCohorts } from './cohorts.ts';
import { zonedParts } from './local-time.ts';

let db: Db;
let actors: DemoActors;
const NOW = Date.parse('2026-11-22T10:00:00Z');

useSeededTestDb(NOW, (seeded) => ({ db, actors } = seeded));

const block = blockInput({ skills: ['join_video_call'] });

describe(`programmes and cohorts on ${process.env.TEST_DB}`, () => {
	it('builds a programme from blocks and dates a cohort from it, in the club time zone', async () => {
		const programmeId = await createProgramme(
			db,
			actors.facilitatorB,
			{ title: 'Atelier numérique', description: '' },
			NOW
		);
		await addBlock(db, actors.facilitatorB, programmeId, block, NOW);
		await addBlock(
			db,
			actors.facilitatorB,
			programmeId,
			{ ...block, kind: 'in_person', title: 'Sur place', dayOffset: 2, startTime: '14:00', skills: [] },
			NOW
		);
		await addBlock(
			db,
			actors.facilitatorB,
			programmeId,
			{
				...block,
				kind: 'async',
				title: 'Mon CV',
				dayOffset: 3,
				optional: true,
				skills: ['send_document', 'photo_document']
			},
			NOW
		);
		const cohortId = await createCohort(
			db,
			actors.facilitatorB,
			{ programmeId, name: 'Printemps', startDate: '2027-03-29', modality: 'hybrid' },
			NOW
		);

		const { timeZone, weeks } = await cohortTimeline(db, actors.facilitatorB, cohortId);
		const activities = weeks.flatMap((w) => w.days.flatMap((d) => d.activities));
		expect(activities.map((a) => [a.kind, a.date, a.time, a.optional])).toEqual([
			['live', '2027-03-29', '09:30', false],
			['in_person', '2027-03-31', '14:00', false],
			['async', '2027-04-01', '09:30', true]
		]);
		expect(timeZone).toBe('Europe/Paris');
		const skills = await db
			.selectFrom('activity_skill')
			.innerJoin('activity', 'activity.id', 'activity_skill.activity_id')
			.select('skill_id')
			.where('activity.cohort_id', '=', cohortId)
			.execute();
		expect(skills.map((s) => s.skill_id).sort()).toEqual(['join_video_call', 'photo_document', 'send_document']);
		const cohort = await db.selectFrom('cohort').selectAll().where('id', '=', cohortId).executeTakeFirstOrThrow();
		expect(cohort.end_date).toBe('2027-04-01');
		expect(cohort.code).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
		const live = activities.find((a) => a.kind === 'live')!;
		const room = await db
			.selectFrom('activity')
			.select('room_name')
			.where('id', '=', live.id)
			.executeTakeFirstOrThrow();
		expect(room.room_name).toBe(`activity-${live.id}`);
	});

	it('moves, adds and removes a cohort activity without touching the template', async () => {
		const [programme] = await listProgrammes(db, actors.facilitatorA);
		const before = await getProgramme(db, actors.facilitatorA, programme.id);
		const { weeks } = await cohortTimeline(db, actors.facilitatorA, actors.cohortA.id);
		const first = weeks[0].days[0].activities[0];
		await updateActivity(
			db,
			actors.facilitatorA,
			actors.cohortA.id,
			first.id,
			{
				kind: first.kind,
				title: 'Accueil (déplacé)',
				date: '2026-11-03',
				time: '11:15',
				durationMinutes: 45,
				objectives: 'x',
				optional: true
			},
			NOW
		);
		const added = await addCohortAActivity(
			db,
			actors,
			{
				kind: 'informal',
				title: 'Pique-nique',
				date: '2026-11-27',
				time: '12:30',
				durationMinutes: 90,
				optional: true
			},
			NOW
		);
		const after = (await cohortTimeline(db, actors.facilitatorA, actors.cohortA.id)).weeks.flatMap((w) =>
			w.days.flatMap((d) => d.activities)
		);
		const moved = after.find((a) => a.id === first.id)!;
		expect([moved.title, moved.date, moved.time, moved.durationMinutes, moved.optional]).toEqual([
			'Accueil (déplacé)',
			'2026-11-03',
			'11:15',
			45,
			true
		]);
		expect(after.find((a) => a.id === added)).toMatchObject({ kind: 'informal', date: '2026-11-27', time: '12:30' });
		await removeActivity(db, actors.facilitatorA, actors.cohortA.id, added);
		expect(
			(await cohortTimeline(db, actors.facilitatorA, actors.cohortA.id)).weeks
				.flatMap((w) => w.days.flatMap((d) => d.activities))
				.some((a) => a.id === added)
		).toBe(false);
		expect(await getProgramme(db, actors.facilitatorA, programme.id)).toEqual(before);
		// Last year's cohort, made from the same programme, is untouched too.
		const other = (await cohortTimeline(db, actors.facilitatorB, actors.cohortB.id)).weeks[0].days[0].activities[0];
		expect(other.title).toBe(first.title);
	});

	it('edits and removes blocks, refusing unknown skills', async () => {
		const programmeId = await createProgramme(db, actors.admin, { title: 'Modèle', description: 'd' }, NOW);
		const blockId = await addBlock(db, actors.admin, programmeId, block, NOW);
		await updateBlock(
			db,
			actors.admin,
			programmeId,
			blockId,
			{ ...block, title: 'Visio 2', skills: ['use_chat', 'raise_hand'] },
			NOW
		);
		const { blocks } = await getProgramme(db, actors.admin, programmeId);
		expect(blocks[0]).toMatchObject({ title: 'Visio 2' });
		expect(blocks[0].skills.sort()).toEqual(['raise_hand', 'use_chat']);
		expect(
			await refusal(updateBlock(db, actors.admin, programmeId, blockId, { ...block, skills: ['not_a_skill'] }, NOW))
		).toBe(400);
		expect((await getProgramme(db, actors.admin, programmeId)).blocks[0].skills.sort()).toEqual([
			'raise_hand',
			'use_chat'
		]);
		await removeBlock(db, actors.admin, programmeId, blockId, NOW);
		expect((await getProgramme(db, actors.admin, programmeId)).blocks).toEqual([]);
	});
});

describe(`who sees which cohort on ${process.env.TEST_DB}`, () => {
	it('lists to each actor only the cohorts they may open', async () => {
		const names = async (actor: typeof actors.admin) => (await listCohorts(db, actor)).map((c) => c.code).sort();
		expect(await names(actors.participantA)).toEqual(['DEMO26']);
		expect(await names(actors.participantB)).toEqual(['DEMO25']);
		expect(await names(actors.facilitatorA)).toEqual(['DEMO26']);
		expect((await names(actors.director)).length).toBeGreaterThanOrEqual(2);
	});

	it('refuses another cohort to participants and facilitators, and every write to directors and admins', async () => {
		const a = actors.cohortA.id;
		expect(await refusal(getCohort(db, actors.participantB, a))).toBe(403);
		expect(await refusal(getCohort(db, actors.facilitatorB, a))).toBe(403);
		expect(await refusal(cohortTimeline(db, actors.facilitatorB, a))).toBe(403);
		const write = {
			kind: 'live' as const,
			title: 'Intrus',
			date: '2026-11-25',
			time: '10:00',
			durationMinutes: 60,
			objectives: '',
			optional: false
		};
		for (const actor of [actors.facilitatorB, actors.director, actors.admin, actors.participantA]) {
			expect(await refusal(addActivity(db, actor, a, write, NOW))).toBe(403);
		}
		const { weeks } = await cohortTimeline(db, actors.facilitatorA, a);
		const target = weeks[0].days[0].activities[0];
		expect(await refusal(updateActivity(db, actors.facilitatorB, a, target.id, write, NOW))).toBe(403);
		expect(await refusal(removeActivity(db, actors.facilitatorB, a, target.id))).toBe(403);
		// An activity id of cohort A sent through cohort B's address is not found, not changed.
		expect(await refusal(updateActivity(db, actors.facilitatorB, actors.cohortB.id, target.id, write, NOW))).toBe(404);
		expect((await cohortTimeline(db, actors.facilitatorA, a)).weeks[0].days[0].activities[0]).toEqual(target);
		expect(await refusal(createProgramme(db, actors.director, { title: 'x', description: '' }, NOW))).toBe(403);
		expect(await refusal(listProgrammes(db, actors.participantA))).toBe(403);
	});

	it('shows a director the cohort overview without anyone in it', async () => {
		const overview = await getCohort(db, actors.director, actors.cohortA.id);
		expect(overview.access).toBe('overview');
		expect(overview.participants).toEqual([]);
		expect(overview.participantCount).toBeGreaterThanOrEqual(12);
		const asFacilitator = await getCohort(db, actors.facilitatorA, actors.cohortA.id);
		expect(asFacilitator.participants.length).toBe(overview.participantCount);
	});

	it('gives a participant their next activity and what is due, from their own cohort only', async () => {
		const agenda = await participantAgenda(db, actors.participantA, NOW);
		expect(agenda.next).toBeDefined();
		expect(agenda.next!.cohortId).toBe(actors.cohortA.id);
		expect(agenda.next!.starts_at + agenda.next!.duration_minutes * 60_000).toBeGreaterThan(NOW);
		expect(agenda.next!.kind).not.toBe('async');
		expect(agenda.due.every((d) => d.kind === 'async' && d.cohortId === actors.cohortA.id)).toBe(true);
		// The seeded cohort started on Monday 2 November: the next live or in-person block is in its fourth week.
		expect(zonedParts(agenda.next!.starts_at, 'Europe/Paris').date >= '2026-11-22').toBe(true);
		const past = await participantAgenda(db, actors.participantB, NOW);
		expect(past.next).toBeUndefined();
		expect(past.due).toEqual([]);
	});
});
