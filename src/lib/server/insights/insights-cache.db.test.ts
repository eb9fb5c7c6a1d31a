// What the director's page keeps between requests (insightsView): after writes through the domain, after a
// write rolled back, and as time passes, the page's view is always the one a fresh computation gives (nothing
// kept), and an unchanged organisation is served the kept view.
import { describe, expect, it } from 'vitest';
import type { Db } from '#lib/server/db/index.ts';
import type { DemoActors } from '#lib/server/seed/demo-actors.ts';
import { seedHistoric } from '#lib/server/seed/historic.ts';
import { addCohortAActivity, useSeededTestDb } from '#lib/server/db/test-fixtures.ts';
import { recordMark } from '#lib/server/attendance/attendance.ts';
import { closeUnansweredCheckpoints } from '#lib/server/outcomes/outcomes.ts';
import { forgetKeptFigures, insightsView, NO_FILTER, type InsightsView } from './insights.ts';
import { refreshRollup } from './rollups.ts';

const NOW = Date.parse('2026-11-22T10:00:00Z');
const DAY = 86_400_000;

let db: Db;
let actors: DemoActors;

useSeededTestDb(NOW, async (seeded) => {
	({ db, actors } = seeded);
	await seedHistoric(db, NOW, 4);
});

const compare = { a: { ...NO_FILTER, modality: 'remote' as const }, b: { ...NO_FILTER, modality: 'hybrid' as const } };

/** The director's and a facilitator's views, as the page reads them (kept or not). */
async function pageViews(now: number, on: Db = db) {
	return {
		director: await insightsView(on, actors.director, NO_FILTER, compare, now),
		whole: await insightsView(on, actors.director, NO_FILTER, null, now),
		facilitator: await insightsView(on, actors.facilitatorA, NO_FILTER, null, now)
	};
}

/** The same, computed afresh: nothing kept from before (as in a new app instance). */
async function freshViews(now: number, on: Db = db) {
	forgetKeptFigures();
	return pageViews(now, on);
}

const figuresOf = (view: InsightsView) => view.table.total.figures;

describe(`insights page's kept figures on ${process.env.TEST_DB}`, () => {
	it('serve the kept view while nothing changed, and equal a fresh computation after each write', async () => {
		const first = await pageViews(NOW);
		const again = await pageViews(NOW);
		// Nothing changed: the very same (frozen) objects.
		expect(again.director).toBe(first.director);
		expect(again.facilitator).toBe(first.facilitator);
		expect(Object.isFrozen(again.director.table.rows[0].figures[0])).toBe(true);
		expect(first).toEqual(await freshViews(NOW));

		// A write through the domain: the participant's attendance (a rollup refreshed in its transaction).
		const { facilitatorA: fa, participantA: pa } = actors;
		const day = new Date(NOW - DAY).toISOString().slice(0, 10);
		const activity = await addCohortAActivity(
			db,
			actors,
			{ kind: 'in_person', title: 'Atelier cache', date: day, time: '09:30', durationMinutes: 120 },
			NOW
		);
		const afterActivity = await pageViews(NOW);
		expect(afterActivity).toEqual(await freshViews(NOW));
		expect(figuresOf(afterActivity.whole)).not.toEqual(figuresOf(first.whole));
		await pageViews(NOW); // kept again
		await recordMark(db, fa, activity, pa.id, { status: 'late', mode: 'phone', minutes: 45 }, NOW);
		const afterMark = await pageViews(NOW);
		expect(afterMark).toEqual(await freshViews(NOW));
		// 45 minutes by phone count as minutes present, as on the sheet.
		expect(figuresOf(afterMark.whole)).not.toEqual(figuresOf(afterActivity.whole));
	});

	it('never keep what a rolled-back transaction saw', async () => {
		const before = await pageViews(NOW);
		// A finished cohort of five or more: its figures show.
		const cohort = before.whole.table.rows.find((r) => r.enrolled !== null)!;
		let inside: Awaited<ReturnType<typeof pageViews>> | undefined;
		await db
			.transaction()
			.execute(async (trx) => {
				// Everyone of the cohort absent from every session, the cohort's rollup refreshed, the page read.
				await trx
					.updateTable('attendance')
					.set({ seconds: 0, mode: 'absent' })
					.where('activity_id', 'in', (qb) => qb.selectFrom('activity').select('id').where('cohort_id', '=', cohort.id))
					.execute();
				await refreshRollup(trx, cohort.id, NOW);
				inside = await pageViews(NOW, trx);
				throw new Error('rollback');
			})
			.catch((e: Error) => {
				if (e.message !== 'rollback') throw e;
			});
		expect(figuresOf(inside!.whole)).not.toEqual(figuresOf(before.whole));
		const after = await pageViews(NOW);
		expect(after).toEqual(before);
		expect(after).toEqual(await freshViews(NOW));
	});

	it('follow time: a checkpoint reached or a session begun since gives the figures of that instant', async () => {
		await pageViews(NOW);
		for (const later of [NOW + 2 * DAY, NOW + 100 * DAY, NOW + 400 * DAY]) {
			const kept = await pageViews(later);
			expect(kept).toEqual(await freshViews(later));
		}
		// A write at that later instant (checkpoints closed as "sans nouvelles"), then the page again.
		const later = NOW + 400 * DAY;
		await pageViews(later);
		await closeUnansweredCheckpoints(db, later);
		const afterClose = await pageViews(later);
		expect(afterClose).toEqual(await freshViews(later));
	});
});
