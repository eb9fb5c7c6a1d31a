// The rollups (issue 13): after the demo and historic builders and a realistic run of writes through the
// domain's functions, every rollup row equals its recomputation from the raw rows, and the director's page
// reads exactly the figures it computes from the raw rows alone (all rollups dropped), now and later on.
import { describe, expect, it } from 'vitest';
import type { Db } from '#lib/server/db/index.ts';
import type { DemoActors } from '#lib/server/seed/demo-actors.ts';
import { seedHistoric } from '#lib/server/seed/historic.ts';
import { removeActivity, updateActivity } from '#lib/server/activities/activities.ts';
import {
	addCohortAActivity,
	type ActivityDraft,
	useSeededTestDb,
	personJoined,
	personLeft
} from '#lib/server/db/test-fixtures.ts';
import { recordMark } from '#lib/server/attendance/attendance.ts';
import { peopleSeen } from '#lib/server/livekit/presence.ts';
import { activityRoomName, salonRoomName } from '#lib/server/livekit/room-names.ts';
import { declareSkill, overrideSkill } from '#lib/server/skills/skills.ts';
import { recordDeviceCheck } from '#lib/server/skills/device-check.ts';
import { saveAssessment } from '#lib/server/autonomy/autonomy.ts';
import { addOwnStep, createGoal, markOwnStepAchieved, updateGoal } from '#lib/server/goals/goals.ts';
import { logMoment } from '#lib/server/moments/moments.ts';
import { setMyConsent } from '#lib/server/profiles/profiles.ts';
import { closeUnansweredCheckpoints } from '#lib/server/outcomes/outcomes.ts';
import { addBlock } from '#lib/server/programmes/programmes.ts';
import { erasePerson } from '#lib/server/privacy/person.ts';
import { enrolWithoutInvite } from '#lib/server/participants/enrol.ts';
import { uploadStore } from '#lib/server/uploads/store.ts';
import { insightsView, NO_FILTER } from './insights.ts';
import { recomputeRollups, refreshPendingRollups } from './rollups.ts';
import { validRollup } from './facts.ts';

const NOW = Date.parse('2026-11-22T10:00:00Z');
const MINUTE = 60_000;

let db: Db;
let actors: DemoActors;

useSeededTestDb(
	NOW,
	async (seeded) => {
		({ db, actors } = seeded);
		await seedHistoric(db, NOW, 4);
		// The history goes through the domain's functions, one transaction each: a minute or more on a busy PostgreSQL.
	},
	240_000
);

/** The cohorts live attendance marked (markRollupPending) and the refresh has not caught up with yet. */
async function pendingCohorts() {
	const rows = await db.selectFrom('insights_pending').select('cohort_id').distinct().execute();
	return rows.map((r) => r.cohort_id).sort();
}

/**
 * Every stored rollup row beside its recomputation from the raw rows at the instant it was computed — once the
 * background refresh has caught up with live attendance's marks (before it, the page reads those cohorts raw:
 * see the test below).
 */
async function expectRollupsEqualRecomputation() {
	await refreshPendingRollups(db, NOW);
	expect(await pendingCohorts()).toEqual([]);
	return expectStoredEqualRecomputation();
}

/** The same for every cohort without a pending mark (those the page reads from their rollups). */
async function expectStoredEqualRecomputation() {
	const pending = new Set(await pendingCohorts());
	const all = await db.selectFrom('insights_cohort').selectAll().execute();
	const cohorts = await db.selectFrom('cohort').select('id').execute();
	// Every cohort has its rollup.
	expect(all.map((c) => c.cohort_id).sort()).toEqual(cohorts.map((c) => c.id).sort());
	const stored = all.filter((c) => !pending.has(c.cohort_id));
	const byComputedAt = new Map<number, string[]>();
	for (const c of stored)
		byComputedAt.set(Number(c.computed_at), [...(byComputedAt.get(Number(c.computed_at)) ?? []), c.cohort_id]);
	const normalise = <T extends Record<string, unknown>>(rows: T[]) =>
		rows
			.map((r) =>
				Object.fromEntries(
					// The refresh id is new at every refresh (the page's cache key), not a fact.
					Object.entries(r)
						.filter(([k]) => k !== 'refresh_id')
						.map(([k, v]) => [
							k,
							typeof v === 'bigint' ||
							(typeof v === 'string' && /^\d+$/.test(v) && k !== 'cohort_id' && k !== 'user_id')
								? Number(v)
								: v
						])
				)
			)
			.sort((a, b) => `${a.cohort_id}|${a.user_id ?? ''}`.localeCompare(`${b.cohort_id}|${b.user_id ?? ''}`));
	let people = 0;
	for (const [at, ids] of byComputedAt) {
		const recomputed = await recomputeRollups(db, ids, at);
		const storedCohorts = stored.filter((c) => ids.includes(c.cohort_id));
		expect(normalise(storedCohorts)).toEqual(normalise(recomputed.cohorts));
		const storedPeople = await db.selectFrom('insights_person').selectAll().where('cohort_id', 'in', ids).execute();
		expect(normalise(storedPeople)).toEqual(normalise(recomputed.people));
		people += storedPeople.length;
	}
	return { cohorts: stored.length, people };
}

/** The page's view as it reads the rollups, and as it computes from the raw rows alone (rollups dropped). */
async function viewsBothWays(now: number) {
	const compare = {
		a: { ...NO_FILTER, modality: 'remote' as const },
		b: { ...NO_FILTER, modality: 'hybrid' as const }
	};
	const fromRollups = await insightsView(db, actors.director, NO_FILTER, compare, now);
	const facilitatorView = await insightsView(db, actors.facilitatorA, NO_FILTER, null, now);
	let fromRaw: typeof fromRollups | undefined;
	let facilitatorRaw: typeof fromRollups | undefined;
	// Dropped inside a transaction rolled back: the raw path, then the rollups back as they were.
	await db
		.transaction()
		.execute(async (trx) => {
			await trx.deleteFrom('insights_person').execute();
			await trx.deleteFrom('insights_cohort').execute();
			fromRaw = await insightsView(trx, actors.director, NO_FILTER, compare, now);
			facilitatorRaw = await insightsView(trx, actors.facilitatorA, NO_FILTER, null, now);
			throw new Error('rollback');
		})
		.catch((e: Error) => {
			if (e.message !== 'rollback') throw e;
		});
	return { fromRollups, fromRaw, facilitatorView, facilitatorRaw };
}

/** An activity of cohort A, added by its facilitator (at NOW unless said otherwise). */
const addToCohortA = (draft: ActivityDraft, at = NOW) => addCohortAActivity(db, actors, draft, at);
describe(`insights rollups on ${process.env.TEST_DB}`, () => {
	it('equal their recomputation after the demo and historic builders, and the page reads the same figures', async () => {
		const { cohorts, people } = await expectRollupsEqualRecomputation();
		expect(cohorts).toBeGreaterThanOrEqual(6);
		expect(people).toBeGreaterThan(30);
		const views = await viewsBothWays(NOW);
		expect(views.fromRollups).toEqual(views.fromRaw);
		expect(views.facilitatorView).toEqual(views.facilitatorRaw);
	});

	it('stay equal to their recomputation through the domain’s writes, and the page’s figures with them', async () => {
		const { facilitatorA: fa, participantA: pa, cohortA } = actors;
		const members = await db
			.selectFrom('cohort_member')
			.innerJoin('user', 'user.id', 'cohort_member.user_id')
			.select(['user.id', 'user.first_name'])
			.where('cohort_member.cohort_id', '=', cohortA.id)
			.where('cohort_member.role', '=', 'participant')
			.orderBy('user.first_name')
			.execute();
		const [, second, third, fourth] = members;
		const day = new Date(NOW - 86_400_000).toISOString().slice(0, 10);
		// Activities: one in person yesterday, marked; one live yesterday, joined and left; one edited, one removed.
		const inPerson = await addToCohortA({
			kind: 'in_person',
			title: 'Atelier CV',
			date: day,
			time: '09:30',
			durationMinutes: 120
		});
		await recordMark(db, fa, inPerson, pa.id, { status: 'present', mode: 'in_person', minutes: null }, NOW);
		await expectRollupsEqualRecomputation();
		await recordMark(db, fa, inPerson, second.id, { status: 'late', mode: 'phone', minutes: 45 }, NOW);
		await expectRollupsEqualRecomputation();
		await recordMark(db, fa, inPerson, third.id, { status: 'absent', mode: 'in_person', minutes: null }, NOW);
		await expectRollupsEqualRecomputation();
		// Someone enrolled without an invite (no PIN yet), then marked present.
		const { userId: enrolled } = await enrolWithoutInvite(
			db,
			fa,
			cohortA.id,
			{ firstName: 'Odette', lastName: '' },
			NOW
		);
		await expectRollupsEqualRecomputation();
		await recordMark(db, fa, inPerson, enrolled, { status: 'present', mode: 'in_person', minutes: 100 }, NOW);
		await expectRollupsEqualRecomputation();
		const live = await addToCohortA({ kind: 'live', title: 'Visio', date: day, time: '14:00' });
		await expectRollupsEqualRecomputation();
		const liveStart = NOW - 86_400_000 + 4 * 3_600_000;
		await personJoined(db, activityRoomName(live), pa.id, liveStart, NOW);
		// Live attendance only marks the cohort: until the refresh, the page reads it from the raw rows.
		expect(await pendingCohorts()).toEqual([cohortA.id]);
		expect((await validRollup(db, NOW).execute()).map((r) => r.cohort_id)).not.toContain(cohortA.id);
		const whilePending = await viewsBothWays(NOW);
		expect(whilePending.fromRollups).toEqual(whilePending.fromRaw);
		await expectRollupsEqualRecomputation();
		await personJoined(db, activityRoomName(live), fourth.id, liveStart + 5 * MINUTE, NOW);
		await expectRollupsEqualRecomputation();
		await personLeft(db, activityRoomName(live), pa.id, liveStart + 50 * MINUTE, NOW);
		await expectRollupsEqualRecomputation();
		await updateActivity(
			db,
			fa,
			cohortA.id,
			live,
			{ kind: 'live', title: 'Visio', date: day, time: '14:00', durationMinutes: 45, objectives: '', optional: false },
			NOW
		);
		await expectRollupsEqualRecomputation();
		const removed = await addToCohortA({ kind: 'in_person', title: 'Annulé', date: day, time: '16:00' });
		await expectRollupsEqualRecomputation();
		await removeActivity(db, fa, cohortA.id, removed, uploadStore());
		await expectRollupsEqualRecomputation();
		// The salon: two people share a moment.
		await personJoined(db, salonRoomName(cohortA.id), pa.id, NOW - 30 * MINUTE, NOW);
		await personJoined(db, salonRoomName(cohortA.id), second.id, NOW - 25 * MINUTE, NOW);
		expect(await pendingCohorts()).toEqual([cohortA.id]);
		await expectRollupsEqualRecomputation();
		await peopleSeen(db, salonRoomName(cohortA.id), [pa.id, second.id], NOW - 5 * MINUTE);
		await expectRollupsEqualRecomputation();
		await personLeft(db, salonRoomName(cohortA.id), second.id, NOW - 4 * MINUTE, NOW);
		await expectRollupsEqualRecomputation();
		// Skills, device check, autonomy, goals, a logged moment, consent.
		await declareSkill(db, pa, 'use_chat', 'autonomous', NOW);
		await overrideSkill(
			db,
			fa,
			cohortA.id,
			second.id,
			{ skillId: 'join_video_call', level: 'autonomous', note: '' },
			NOW
		);
		await expectRollupsEqualRecomputation();
		await recordDeviceCheck(db, pa, { result: 'ok', camera: true, microphone: true, speaker: true }, NOW);
		await expectRollupsEqualRecomputation();
		const levels = (n: number) => ({ job_search: n, paperwork: n + 1, digital: n, mobility: null, time: n, group: n });
		await saveAssessment(db, fa, cohortA.id, third.id, { stage: 'intake', day, note: '', levels: levels(1) }, NOW);
		await expectRollupsEqualRecomputation();
		await saveAssessment(db, fa, cohortA.id, third.id, { stage: 'end', day, note: '', levels: levels(2) }, NOW);
		await expectRollupsEqualRecomputation();
		const goal = {
			kind: 'step' as const,
			category: 'cv' as const,
			title: 'Finir le CV',
			targetDate: null,
			status: 'planned' as const
		};
		const goalId = await createGoal(db, fa, cohortA.id, fourth.id, goal, NOW);
		await expectRollupsEqualRecomputation();
		await updateGoal(db, fa, cohortA.id, fourth.id, goalId, { ...goal, status: 'achieved' }, NOW);
		await expectRollupsEqualRecomputation();
		const stepId = await addOwnStep(db, pa, { category: goal.category, title: 'Appeler', targetDate: null }, NOW);
		await expectRollupsEqualRecomputation();
		await markOwnStepAchieved(db, pa, stepId, NOW);
		await expectRollupsEqualRecomputation();
		await logMoment(
			db,
			fa,
			cohortA.id,
			{ kind: 'coffee_break', date: day, time: '12:00', durationMinutes: 30, note: '', people: [pa.id, third.id] },
			NOW
		);
		await expectRollupsEqualRecomputation();
		await setMyConsent(db, pa, false, NOW).catch(() => setMyConsent(db, pa, true, NOW));
		await expectRollupsEqualRecomputation();
		// Core skills of the programme change; unanswered checkpoints close; a person is erased.
		if (cohortA.programme_id) {
			await addBlock(
				db,
				actors.admin,
				cohortA.programme_id,
				{
					kind: 'live',
					title: 'Bonus',
					dayOffset: 1,
					startTime: '09:30',
					durationMinutes: 60,
					objectives: '',
					optional: false,
					skills: ['send_document']
				} as never,
				NOW
			);
		}
		await closeUnansweredCheckpoints(db, NOW + 400 * 86_400_000);
		await erasePerson(db, fa, cohortA.id, fourth.id, fourth.first_name, { now: NOW });
		await expectRollupsEqualRecomputation();

		await expectRollupsEqualRecomputation();
		const views = await viewsBothWays(NOW);
		expect(views.fromRollups).toEqual(views.fromRaw);
		expect(views.facilitatorView).toEqual(views.facilitatorRaw);
		// The page did read the rollups: every cohort's holds at NOW.
		const holding = await validRollup(db, NOW).execute();
		expect(holding.length).toBe((await db.selectFrom('cohort').select('id').execute()).length);
		// Some forty writes, each followed by a recomputation of every cohort: seconds on a busy PostgreSQL.
	}, 90_000);

	it('never lose a live change committed while the background refresh runs', async () => {
		const { participantA: pa } = actors;
		const day = new Date(NOW - 2 * 86_400_000).toISOString().slice(0, 10);
		const live = await addToCohortA({ kind: 'live', title: 'Course', date: day, time: '10:00' });
		const room = activityRoomName(live);
		const start = Date.parse(`${day}T09:00:00Z`);
		for (const markedBefore of [true, false]) {
			await refreshPendingRollups(db, NOW);
			// With a mark of this person's already there (its row then locked by the write below), and without.
			if (markedBefore) await personJoined(db, room, pa.id, start, NOW);
			let held!: () => void;
			const writing = new Promise<void>((resolve) => (held = resolve));
			let release!: () => void;
			const gate = new Promise<void>((resolve) => (release = resolve));
			const write = db.transaction().execute(async (trx) => {
				if (markedBefore) await personLeft(trx, room, pa.id, start + 40 * MINUTE, NOW);
				else await personJoined(trx, room, pa.id, start + 45 * MINUTE, NOW);
				held();
				await gate;
			});
			await writing;
			// The refresh starts while the live write is not committed (PostgreSQL: it waits for the mark's row).
			const refresh = refreshPendingRollups(db, NOW);
			await new Promise((resolve) => setTimeout(resolve, 200));
			release();
			await write;
			await refresh;
			// Either the cohort is still marked (the page reads it raw) or its rollup has the write's minutes.
			await expectStoredEqualRecomputation();
		}
		await expectRollupsEqualRecomputation();
	});

	it('give way to the raw rows for a cohort whose sessions began or work fell due since', async () => {
		const later = NOW + 9 * 86_400_000;
		const holding = await validRollup(db, later).execute();
		const all = await db.selectFrom('cohort').select('id').execute();
		// The current cohort's next sessions have begun by then: its rollup no longer holds.
		expect(holding.length).toBeLessThan(all.length);
		const views = await viewsBothWays(later);
		expect(views.fromRollups).toEqual(views.fromRaw);
	});
});
