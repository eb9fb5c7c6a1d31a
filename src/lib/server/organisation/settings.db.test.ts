// Organisation settings (issue 11, item 8): only the admin changes them, each change is audited, and the rules
// they hold really drive the register, the check-in and the director's figures — which stay equal to their
// recomputation from the raw rows when a new time zone moves the days they are counted on.
import { describe, expect, it } from 'vitest';
import type { Db } from '#lib/server/db/index.ts';
import { useSeededTestDb, personJoined, personLeft } from '#lib/server/db/test-fixtures.ts';
import { refusal } from '#lib/server/db/test-db.ts';
import { demoLiveActivity, type DemoActors } from '#lib/server/seed/demo-actors.ts';
import { attendanceSheet } from '#lib/server/attendance/attendance.ts';
import { activityRoomName } from '#lib/server/livekit/room-names.ts';
import { insightsView, NO_FILTER } from '#lib/server/insights/insights.ts';
import { recomputeRollups } from '#lib/server/insights/rollups.ts';
import { auditTrail } from '#lib/server/privacy/audit.ts';
import { organisationSettings, updateOrganisationSettings } from './settings.ts';

const NOW = Date.parse('2026-11-22T10:00:00Z');
const MINUTE = 60_000;

let db: Db;
let actors: DemoActors;

useSeededTestDb(NOW, (seeded) => ({ db, actors } = seeded));

const settings = async () => organisationSettings(db, actors.admin);
const change = async (patch: Partial<Awaited<ReturnType<typeof settings>>>, now = NOW) =>
	updateOrganisationSettings(db, actors.admin, { ...(await settings()), ...patch }, now);

/** The director's organisation-wide figure `key` (numerator / denominator), read as the page reads it. */
async function figure(key: string, at = NOW) {
	const view = await insightsView(db, actors.director, NO_FILTER, null, at);
	const f = view.table.total.figures.find((x) => x.key === key)!;
	return { numerator: f.numerator, denominator: f.denominator };
}

/** Every stored rollup equals its recomputation from the raw rows at the instant it was computed. */
async function expectRollupsHonest() {
	const stored = await db.selectFrom('insights_cohort').select(['cohort_id', 'computed_at']).execute();
	for (const { cohort_id, computed_at } of stored) {
		const recomputed = await recomputeRollups(db, [cohort_id], Number(computed_at));
		const people = await db.selectFrom('insights_person').selectAll().where('cohort_id', '=', cohort_id).execute();
		const norm = (rows: Record<string, unknown>[]) =>
			rows
				.map((r) =>
					JSON.stringify(
						Object.entries(r)
							.map(([k, v]) => [k, typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v])
							.sort(([a], [b]) => String(a).localeCompare(String(b)))
					)
				)
				.sort();
		expect(norm(people), `cohort ${cohort_id}`).toEqual(norm(recomputed.people as Record<string, unknown>[]));
	}
}

describe(`organisation settings on ${process.env.TEST_DB}`, () => {
	it('are the admin’s: everyone else is refused, and nothing changes', async () => {
		const before = await settings();
		expect(before).toEqual({
			name: expect.any(String),
			timeZone: 'Europe/Paris',
			thresholdPercent: 85,
			lateAfterMinutes: 10
		});
		for (const who of ['participantA', 'facilitatorA', 'director'] as const) {
			expect(await refusal(organisationSettings(db, actors[who])), who).toBe(403);
			expect(await refusal(updateOrganisationSettings(db, actors[who], { ...before, name: 'Pris' }, NOW)), who).toBe(
				403
			);
		}
		expect(await settings()).toEqual(before);
	});

	it('are audited: who changed which settings', async () => {
		await change({ name: 'Club emploi de la Vallée' }, NOW + 1);
		expect((await settings()).name).toBe('Club emploi de la Vallée');
		const [entry] = await auditTrail(db, 'organisation', actors.admin.organisation_id);
		expect(entry).toMatchObject({ action: 'organisation.settings', actorId: actors.admin.id, detail: 'name' });
		// Saving the same settings again changes nothing and logs nothing.
		await change({}, NOW + 2);
		expect(await auditTrail(db, 'organisation', actors.admin.organisation_id)).toHaveLength(1);
	});

	it('drive the register: "late after" and the threshold decide present, late or partial', async () => {
		const { facilitatorA: fa, participantA: pa, cohortA } = actors;
		const activityId = await demoLiveActivity(db, fa, cohortA.id, NOW);
		const start = Date.parse('2026-11-23T08:30:00Z'); // 09:30 in Paris
		// In the room from 15 minutes after the start to the end: 75 of 90 minutes (83 %).
		await personJoined(db, activityRoomName(activityId), pa.id, start + 15 * MINUTE, NOW);
		await personLeft(db, activityRoomName(activityId), pa.id, start + 90 * MINUTE, NOW);
		const status = async () =>
			(await attendanceSheet(db, fa, activityId)).lines.find((l) => l.userId === pa.id)?.status;
		expect(await status()).toBe('partial'); // 83 % < 85 %
		await change({ thresholdPercent: 80 });
		expect(await status()).toBe('late'); // 15 min > 10 min
		await change({ lateAfterMinutes: 20 });
		expect(await status()).toBe('present');
		await change({ thresholdPercent: 85, lateAfterMinutes: 10 });
	});

	it('drive the director’s completion figure through the threshold', async () => {
		const at85 = await figure('completion');
		expect(at85.denominator).toBeGreaterThan(0);
		await change({ thresholdPercent: 0 });
		const at0 = await figure('completion');
		expect(at0).toEqual({ numerator: at0.denominator, denominator: at85.denominator });
		await change({ thresholdPercent: 100 });
		const at100 = await figure('completion');
		expect(at100.numerator!).toBeLessThan(at0.numerator!);
		await change({ thresholdPercent: 85 });
		expect(await figure('completion')).toEqual(at85);
	});

	it('a new time zone refreshes every cohort’s rollup in its transaction, and the figures stay honest', async () => {
		const later = NOW + 5 * MINUTE;
		await change({ timeZone: 'Pacific/Kiritimati' }, later);
		const cohorts = await db.selectFrom('cohort').select('id').execute();
		const rolled = await db.selectFrom('insights_cohort').select(['cohort_id', 'computed_at']).execute();
		expect(rolled.map((r) => r.cohort_id).sort()).toEqual(cohorts.map((c) => c.id).sort());
		expect(new Set(rolled.map((r) => Number(r.computed_at)))).toEqual(new Set([later]));
		await expectRollupsHonest();
		// The page's figures from the rollups equal those from the raw rows alone.
		const fromRollups = await insightsView(db, actors.director, NO_FILTER, null, later);
		let fromRaw: typeof fromRollups | undefined;
		await db
			.transaction()
			.execute(async (trx) => {
				await trx.deleteFrom('insights_person').execute();
				await trx.deleteFrom('insights_cohort').execute();
				fromRaw = await insightsView(trx, actors.director, NO_FILTER, null, later);
				throw new Error('rollback');
			})
			.catch((e: Error) => {
				if (e.message !== 'rollback') throw e;
			});
		expect(fromRollups).toEqual(fromRaw);
		await change({ timeZone: 'Europe/Paris' }, later);
	});
});
