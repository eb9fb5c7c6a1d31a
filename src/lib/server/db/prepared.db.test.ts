// Statements prepared once and reused (db/index.ts): the same rows every time, and a running instance
// keeps reading when a newer version's migration adds a column (a prepared `select *` on PostgreSQL would
// fail with "cached plan must not change result type": stars are never prepared there).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Db } from './index.ts';
import { openTestDb } from './test-db.ts';

let db: Db;
let drop: () => Promise<void>;
beforeAll(async () => {
	({ db, drop } = await openTestDb());
	await sql`create table prepared_probe (id integer primary key, a text)`.execute(db);
	await sql`insert into prepared_probe (id, a) values (${1}, ${'x'})`.execute(db);
});
afterAll(() => drop());

const explicit = (on: Parameters<ReturnType<typeof sql>['execute']>[0] = db) =>
	sql<{ a: string }>`select a from prepared_probe where id = ${1}`.execute(on);
const star = (on: Parameters<ReturnType<typeof sql>['execute']>[0] = db) =>
	sql<Record<string, unknown>>`select * from prepared_probe where id = ${1}`.execute(on);

describe(`statements prepared once on ${process.env.TEST_DB}`, () => {
	it('read the same rows each time, and keep reading after a column is added meanwhile', async () => {
		for (let i = 0; i < 3; i++) {
			expect((await explicit()).rows).toEqual([{ a: 'x' }]);
			expect((await star()).rows).toEqual([{ id: 1, a: 'x' }]);
		}
		await db.connection().execute(async (conn) => {
			await explicit(conn);
			await star(conn);
			// A newer version's migration, while this one runs (on the very connection that ran both).
			await sql`alter table prepared_probe add column b text`.execute(conn);
			expect((await explicit(conn)).rows).toEqual([{ a: 'x' }]);
			expect((await star(conn)).rows).toEqual([{ id: 1, a: 'x', b: null }]);
		});
	});

	// PostgreSQL only: SQLite has no catalogue of prepared statements to read.
	if (process.env.TEST_DB === 'postgres')
		it('are held by the PostgreSQL connection under a name: the explicit one, not the star', async () => {
			await db.connection().execute(async (conn) => {
				await explicit(conn);
				await star(conn);
				const held = await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(conn);
				const statements = held.rows.map((r) => r.statement);
				expect(statements).toContain('select a from prepared_probe where id = $1');
				expect(statements.some((s) => s.includes('select * from prepared_probe'))).toBe(false);
			});
		});
});
