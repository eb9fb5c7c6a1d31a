// The in-process live bus (one app instance), on each engine. Between two app instances on PostgreSQL:
// bus.pg.db.test.ts.
import { describe, expect, it } from 'vitest';
import type { Db } from '#lib/server/db/index.ts';
import { announceToCohortA, useSeededTestDb } from '#lib/server/db/test-fixtures.ts';
import type { DemoActors } from '#lib/server/seed/demo-actors.ts';
import { MemoryBus } from './bus.ts';
import { inbox, quiet } from './test-inbox.ts';

let db: Db;
let actors: DemoActors;
const NOW = Date.parse('2026-11-22T10:00:00Z');

useSeededTestDb(NOW, (seeded) => ({ db, actors } = seeded));

describe(`the live bus on ${process.env.TEST_DB}`, () => {
	it('in process: a change reaches the subscribers of its cohort only, until they stop', async () => {
		const bus = new MemoryBus();
		const mine = inbox();
		const other = inbox();
		const stop = await bus.subscribe(actors.cohortA.id, mine.listener);
		await bus.subscribe(actors.cohortB.id, other.listener);
		const postId = await announceToCohortA(db, bus, actors, 'En direct', NOW);
		expect(await mine.next(1)).toEqual([{ cohortId: actors.cohortA.id, postId, change: 'post' }]);
		stop();
		await bus.publish({ cohortId: actors.cohortA.id, postId, change: 'pin' });
		await quiet(100);
		expect(mine.received).toHaveLength(1);
		expect(other.received).toEqual([]);
		await bus.close();
	});
});
