// Directors open cohorts and name their facilitators; directors and admins change who runs a cohort (issue 11,
// item 8). A hand-over changes the facilitators' membership rows only: everything the cohort holds stays, and
// the new facilitator finds it. A cohort always keeps a facilitator; every change is in the audit log.
import { describe, expect, it } from 'vitest';
import type { Db } from '#lib/server/db/index.ts';
import { refusalWithKey as refusal } from '#lib/server/db/test-db.ts';
import { memberIds, useSeededTestDb } from '#lib/server/db/test-fixtures.ts';
import type { DemoActors } from '#lib/server/seed/demo-actors.ts';
import { requireCohortFacilitator } from '#lib/server/auth/policy.ts';
import { createStaff } from '#lib/server/auth/account.ts';
import { auditTrail } from '#lib/server/privacy/audit.ts';
import { createCohort, getCohort, listCohorts, setCohortModality } from './cohorts.ts';
import { cohortFacilitators, setCohortFacilitators } from './facilitators.ts';

const NOW = Date.parse('2026-11-22T10:00:00Z');

let db: Db;
let actors: DemoActors;
let programmeId: string;

useSeededTestDb(NOW, async (seeded) => {
	({ db, actors } = seeded);
	programmeId = actors.cohortA.programme_id!;
});

const facilitatorsOf = (cohortId: string) => memberIds(db, cohortId, 'facilitator');

/** Every row the cohort holds, table by table (what a hand-over must leave as it was). */
async function holdings(cohortId: string) {
	const activityIds = db.selectFrom('activity').select('id').where('cohort_id', '=', cohortId);
	const n = (rows: { n: number | string | bigint }) => Number(rows.n);
	const ofActivities = async (table: 'attendance' | 'submission' | 'activity_notes') =>
		n(
			await db
				.selectFrom(table)
				.select(({ fn }) => fn.countAll<number>().as('n'))
				.where('activity_id', 'in', activityIds)
				.executeTakeFirstOrThrow()
		);
	const byActivity = {
		attendance: await ofActivities('attendance'),
		submissions: await ofActivities('submission'),
		notes: await ofActivities('activity_notes')
	};
	const ofCohort = async (table: 'activity' | 'goal' | 'feed_post' | 'informal_moment' | 'participant_exit') =>
		n(
			await db
				.selectFrom(table)
				.select(({ fn }) => fn.countAll<number>().as('n'))
				.where('cohort_id', '=', cohortId)
				.executeTakeFirstOrThrow()
		);
	const participants = await db
		.selectFrom('cohort_member')
		.select(['user_id', 'peer_ambassador'])
		.where('cohort_id', '=', cohortId)
		.where('role', '=', 'participant')
		.orderBy('user_id')
		.execute();
	return {
		activities: await ofCohort('activity'),
		...byActivity,
		goals: await ofCohort('goal'),
		posts: await ofCohort('feed_post'),
		moments: await ofCohort('informal_moment'),
		exits: await ofCohort('participant_exit'),
		participants
	};
}

describe(`cohort facilitators on ${process.env.TEST_DB}`, () => {
	it('a director opens a cohort and names its facilitators; the director does not run it', async () => {
		const { director, facilitatorA, facilitatorB } = actors;
		const cohortId = await createCohort(
			db,
			director,
			{
				programmeId,
				name: 'Club de printemps',
				startDate: '2027-03-01',
				modality: 'hybrid',
				facilitatorIds: [facilitatorB.id, facilitatorA.id, facilitatorB.id]
			},
			NOW
		);
		expect(await facilitatorsOf(cohortId)).toEqual([facilitatorA.id, facilitatorB.id].sort());
		expect(await refusal(requireCohortFacilitator(db, facilitatorB, cohortId))).toBe('allowed');
		expect((await getCohort(db, director, cohortId)).access).toBe('overview');
		expect((await listCohorts(db, facilitatorB)).map((c) => c.id)).toContain(cohortId);
	});

	it('refuses a new cohort without a facilitator, or with someone who cannot run one', async () => {
		const { director, admin, participantA, facilitatorA } = actors;
		const input = { programmeId, name: 'Refusé', startDate: '2027-04-05', modality: 'remote' as const };
		const cohorts = async () => (await db.selectFrom('cohort').select('id').execute()).length;
		const before = await cohorts();
		expect(await refusal(createCohort(db, director, { ...input, facilitatorIds: [] }, NOW))).toBe(
			'400 orgadmin_facilitators_required'
		);
		for (const who of [director.id, admin.id, participantA.id, 'zzzzzzzzzzzzzzzz'])
			expect(await refusal(createCohort(db, director, { ...input, facilitatorIds: [who] }, NOW))).toBe(
				'400 orgadmin_facilitator_unknown'
			);
		// Admins look after accounts and settings, participants join cohorts: neither opens one.
		expect(await refusal(createCohort(db, admin, { ...input, facilitatorIds: [facilitatorA.id] }, NOW))).toBe(
			'403 error_forbidden'
		);
		expect(await refusal(createCohort(db, participantA, input, NOW))).toBe('403 error_forbidden');
		expect(await cohorts()).toBe(before);
	});

	it('a facilitator who opens a cohort runs it, and names no one else', async () => {
		const { facilitatorA, facilitatorB } = actors;
		const cohortId = await createCohort(
			db,
			facilitatorA,
			{ programmeId, name: 'Mon club', startDate: '2027-05-03', modality: 'hybrid', facilitatorIds: [facilitatorB.id] },
			NOW
		);
		expect(await facilitatorsOf(cohortId)).toEqual([facilitatorA.id]);
	});

	it('a hand-over keeps everything the cohort holds, and the new facilitator finds it; it is audited', async () => {
		const { admin, facilitatorA, facilitatorB, cohortA } = actors;
		const before = await holdings(cohortA.id);
		expect(before.activities).toBeGreaterThan(5);
		expect(before.attendance).toBeGreaterThan(0);
		const changed = await setCohortFacilitators(db, admin, cohortA.id, [facilitatorB.id], NOW + 1);
		expect(changed).toEqual({ added: [facilitatorB.id], removed: [facilitatorA.id] });
		expect(await facilitatorsOf(cohortA.id)).toEqual([facilitatorB.id]);
		expect(await holdings(cohortA.id)).toEqual(before);
		expect(await refusal(requireCohortFacilitator(db, facilitatorB, cohortA.id))).toBe('allowed');
		expect(await refusal(requireCohortFacilitator(db, facilitatorA, cohortA.id))).toBe('403 error_forbidden');
		expect((await getCohort(db, facilitatorB, cohortA.id)).participants.length).toBe(before.participants.length);
		expect((await auditTrail(db, 'person', facilitatorB.id))[0]).toMatchObject({
			action: 'cohort.facilitator_add',
			actorId: admin.id,
			detail: cohortA.id
		});
		expect((await auditTrail(db, 'person', facilitatorA.id))[0]).toMatchObject({
			action: 'cohort.facilitator_remove',
			actorId: admin.id,
			detail: cohortA.id
		});
		// And back, by the director this time.
		await setCohortFacilitators(db, actors.director, cohortA.id, [facilitatorA.id], NOW + 2);
		expect(await facilitatorsOf(cohortA.id)).toEqual([facilitatorA.id]);
		expect(await holdings(cohortA.id)).toEqual(before);
	});

	it('a cohort always keeps a facilitator; only its director and admin change them', async () => {
		const { cohortA, facilitatorA, facilitatorB, director } = actors;
		expect(await refusal(setCohortFacilitators(db, director, cohortA.id, [], NOW))).toBe(
			'400 orgadmin_facilitators_required'
		);
		expect(await refusal(setCohortFacilitators(db, director, cohortA.id, [actors.participantA.id], NOW))).toBe(
			'400 orgadmin_facilitator_unknown'
		);
		for (const who of ['facilitatorA', 'facilitatorB', 'participantA', 'participantB'] as const) {
			expect(await refusal(setCohortFacilitators(db, actors[who], cohortA.id, [facilitatorB.id], NOW)), who).toBe(
				'403 error_forbidden'
			);
			expect(await refusal(cohortFacilitators(db, actors[who], cohortA.id)), who).toBe('403 error_forbidden');
		}
		expect(await refusal(setCohortFacilitators(db, director, 'zzzzzzzzzzzzzzzz', [facilitatorB.id], NOW))).toBe(
			'404 error_not_found'
		);
		expect(await facilitatorsOf(cohortA.id)).toEqual([facilitatorA.id]);
	});

	it('a facilitator whose account was closed stays until someone takes over, and cannot be added', async () => {
		const { admin, director, cohortA, facilitatorA } = actors;
		const newcomer = await createStaff(
			db,
			admin,
			{
				firstName: 'Inès',
				lastName: 'Moreau',
				email: 'ines@demo.tablee.fr',
				role: 'facilitator',
				password: 'un-mot-de-passe-assez-long'
			},
			NOW
		);
		await setCohortFacilitators(db, director, cohortA.id, [facilitatorA.id, newcomer], NOW);
		await db.updateTable('user').set({ disabled_at: NOW }).where('id', '=', newcomer).execute();
		const page = await cohortFacilitators(db, director, cohortA.id);
		expect(page.facilitators.find((f) => f.id === newcomer)).toMatchObject({ assigned: true, disabled: true });
		// Saving the page as it is keeps her; taking her off works; adding her back does not.
		await setCohortFacilitators(db, director, cohortA.id, [facilitatorA.id, newcomer], NOW);
		await setCohortFacilitators(db, director, cohortA.id, [facilitatorA.id], NOW);
		expect(await refusal(setCohortFacilitators(db, director, cohortA.id, [facilitatorA.id, newcomer], NOW))).toBe(
			'400 orgadmin_facilitator_unknown'
		);
		expect(await facilitatorsOf(cohortA.id)).toEqual([facilitatorA.id]);
	});

	it('a modality its required sessions contradict is flagged to staff, and corrected by them', async () => {
		const { director, cohortA, cohortB, participantB } = actors;
		// Last year's club is declared remote, yet its closing session was in the room.
		const listed = await listCohorts(db, director);
		expect(listed.find((c) => c.id === cohortB.id)?.modalityConflict).toBe('hybrid');
		expect(listed.find((c) => c.id === cohortA.id)?.modalityConflict).toBeNull();
		expect((await getCohort(db, actors.facilitatorB, cohortB.id)).modalityConflict).toBe('hybrid');
		expect((await getCohort(db, participantB, cohortB.id)).modalityConflict).toBeNull();
		expect(await refusal(setCohortModality(db, participantB, cohortB.id, 'hybrid'))).toBe('403 error_forbidden');
		expect(await refusal(setCohortModality(db, actors.facilitatorA, cohortB.id, 'hybrid'))).toBe('403 error_forbidden');
		await setCohortModality(db, director, cohortB.id, 'hybrid');
		expect((await getCohort(db, director, cohortB.id)).modalityConflict).toBeNull();
	});
});
