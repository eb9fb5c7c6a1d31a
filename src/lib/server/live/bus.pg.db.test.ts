// PostgreSQL only (the postgres Vitest project runs *.pg.db.test.ts): two app instances (two Db pools,
// two buses, as two app processes would hold) share changes through LISTEN/NOTIFY, and a listener that
// loses its connection comes back and says "read again".
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '#lib/server/db/index.ts';
import { newId } from '#lib/server/db/ids.ts';
import { announceToCohortA, useSeededTestDb } from '#lib/server/db/test-fixtures.ts';
import type { DemoActors } from '#lib/server/seed/demo-actors.ts';
import { getFeed } from '#lib/server/feed/feed.ts';
import { PostgresBus, type LiveBus } from './bus.ts';
import { inbox, quiet } from './test-inbox.ts';

let db: Db;
let engine: 'sqlite' | 'postgres';
let databaseUrl: string;
let actors: DemoActors;
const NOW = Date.parse('2026-11-22T10:00:00Z');

useSeededTestDb(NOW, (seeded) => {
	({ db, engine, actors } = seeded);
	databaseUrl = seeded.databaseUrl ?? '';
});

describe('PostgreSQL LISTEN/NOTIFY between two app instances', () => {
	// A channel of this run only: other test files (and a running app) use the database too.
	const channel = `feed_test_${newId()}`;
	let schema: string;
	let secondDb: Db;
	let first: LiveBus;
	let second: PostgresBus;

	beforeAll(async () => {
		expect(engine).toBe('postgres');
		schema = (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0].s;
		secondDb = createDb({ databaseUrl, pgSchema: schema });
		first = new PostgresBus(db, { connectionString: databaseUrl, channel });
		second = new PostgresBus(secondDb, { connectionString: databaseUrl, channel, reconnectMs: 200 });
	});
	afterAll(async () => {
		await first?.close();
		await second?.close();
		await secondDb?.destroy();
	});

	it('a post written through one instance reaches the other instance’s subscribers of that cohort, and only them', async () => {
		const onSecond = inbox();
		const otherCohort = inbox();
		const onFirst = inbox();
		await second.subscribe(actors.cohortA.id, onSecond.listener);
		await second.subscribe(actors.cohortB.id, otherCohort.listener);
		await first.subscribe(actors.cohortA.id, onFirst.listener);

		const postId = await announceToCohortA(db, first, actors, 'Par une autre instance', NOW);
		expect(await onSecond.next(1)).toEqual([{ cohortId: actors.cohortA.id, postId, change: 'post' }]);
		// The writer's own instance hears it too (its pages are subscribers like any other).
		expect(await onFirst.next(1)).toEqual([{ cohortId: actors.cohortA.id, postId, change: 'post' }]);
		// The other instance reads the post from the shared database, as its page's load would.
		const feed = await getFeed(secondDb, actors.participantA, actors.cohortA.id);
		expect(feed.posts.some((p) => p.id === postId && p.body === 'Par une autre instance')).toBe(true);
		await quiet(200);
		expect(otherCohort.received).toEqual([]);
	});

	it('ignores payloads that are not feed changes', async () => {
		const onSecond = inbox();
		await second.subscribe(actors.cohortA.id, onSecond.listener);
		await sql`select pg_notify(${channel}, ${'pas du JSON'})`.execute(db);
		await sql`select pg_notify(${channel}, ${JSON.stringify({ cohortId: actors.cohortA.id })})`.execute(db);
		await first.publish({ cohortId: actors.cohortA.id, postId: 'p', change: 'pin' });
		expect(await onSecond.next(1)).toEqual([{ cohortId: actors.cohortA.id, postId: 'p', change: 'pin' }]);
	});

	it('listens again after losing its connection, and tells its subscribers to read again', async () => {
		const onSecond = inbox();
		await second.subscribe(actors.cohortA.id, onSecond.listener);
		// The listener's backend is the one whose last statement was LISTEN on this channel.
		const killed = await sql<{ ok: boolean }>`
			select pg_terminate_backend(pid) as ok from pg_stat_activity
			where query = ${`LISTEN "${channel}"`} and state = 'idle'`.execute(db);
		expect(killed.rows.length, 'both instances’ listeners were found').toBe(2);
		expect(await onSecond.next(1, 5000)).toEqual([{ cohortId: actors.cohortA.id, postId: '', change: 'resync' }]);
		await first.publish({ cohortId: actors.cohortA.id, postId: 'after', change: 'post' }).catch(() => {});
		const received = await onSecond.next(2, 5000);
		expect(received[1]).toEqual({ cohortId: actors.cohortA.id, postId: 'after', change: 'post' });
	});
});
