import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { migrateToLatest, type Db } from './index.ts';
import { migrations } from '#lib/server/db/migrations/index.ts';
import { openTestDb } from './test-db.ts';
import { seedDemo } from '#lib/server/seed/demo.ts';
import { DEMO_COHORTS } from '#lib/server/seed/demo.ts';

let db: Db;
let drop: () => Promise<void>;
beforeAll(async () => ({ db, drop } = await openTestDb()));
afterAll(() => drop());

describe(`migrations and demo seed on ${process.env.TEST_DB}`, () => {
	it('creates the schema with the DigComp skill catalogue, and running again changes nothing', async () => {
		await migrateToLatest(db);
		const skills = await db.selectFrom('digital_skill').select(['id', 'area']).orderBy('position').execute();
		expect(skills.length).toBe(13);
		expect(new Set(skills.map((s) => s.area))).toEqual(
			new Set(['information', 'communication', 'content', 'safety', 'problem_solving'])
		);
		const applied = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
		expect(applied.rows.map((r) => r.name).sort()).toEqual(Object.keys(migrations));
		expect(Object.keys(migrations)[0]).toBe('0001-foundation');
	});

	it('seeds the demo club once: staff, one programme, two cohorts with their participants and activities', async () => {
		const now = Date.parse('2026-11-22T10:00:00Z');
		expect(await seedDemo(db, now)).toBe(true);
		expect(await seedDemo(db, now)).toBe(false);
		const count = async (table: 'user' | 'programme' | 'cohort' | 'activity' | 'programme_block') =>
			Number(
				(
					await db
						.selectFrom(table)
						.select((eb) => eb.fn.countAll<number>().as('n'))
						.executeTakeFirstOrThrow()
				).n
			);
		expect(await count('programme')).toBe(1);
		expect(await count('cohort')).toBe(2);
		const blocks = await count('programme_block');
		expect(await count('activity')).toBe(2 * blocks);
		expect(await count('user')).toBe(
			4 + DEMO_COHORTS.now.participants.length + DEMO_COHORTS.lastYear.participants.length
		);
		const cohorts = await db
			.selectFrom('cohort')
			.select(['code', 'start_date', 'end_date'])
			.orderBy('start_date')
			.execute();
		// Last year's cohort is over; this year's runs on the seed day.
		expect(cohorts[0]).toMatchObject({ code: 'DEMO25' });
		expect(cohorts[0].end_date < '2026-01-01').toBe(true);
		expect(cohorts[1]).toMatchObject({ code: 'DEMO26', start_date: '2026-11-02' });
		expect(cohorts[1].end_date >= '2026-11-22').toBe(true);
	});

	it('keeps instants as numbers and booleans as 0/1 on both engines', async () => {
		const activity = await db.selectFrom('activity').select(['starts_at', 'optional']).executeTakeFirstOrThrow();
		expect(typeof activity.starts_at).toBe('number');
		expect([0, 1]).toContain(activity.optional);
	});
});
