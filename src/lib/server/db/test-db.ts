import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createDb, migrateToLatest, type Db } from './index.ts';
import { newId } from './ids.ts';
import { DomainError } from '#lib/server/http/errors.ts';
import { demoActors, type DemoActors } from '#lib/server/seed/demo-actors.ts';
import { seedDemo } from '#lib/server/seed/demo.ts';

/** The PostgreSQL that `.ci/run` starts; override with TEST_DATABASE_URL. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://tablee:tablee@127.0.0.1:5432/tablee_test';

/**
 * A migrated, empty database for one test file, on the engine the Vitest project names (TEST_DB):
 * a temporary SQLite file, or a private schema in the test PostgreSQL. `drop()` removes it.
 */
export async function openTestDb(): Promise<{ db: Db; engine: 'sqlite' | 'postgres'; drop: () => Promise<void> }> {
	if (process.env.TEST_DB === 'postgres') {
		const schema = `test_${newId()}`;
		const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
		await admin.connect();
		await admin.query(`create schema "${schema}"`);
		const db = createDb({ databaseUrl: TEST_DATABASE_URL, pgSchema: schema });
		await migrateToLatest(db, schema);
		return {
			db,
			engine: 'postgres',
			drop: async () => {
				await db.destroy();
				await admin.query(`drop schema "${schema}" cascade`);
				await admin.end();
			}
		};
	}
	const dir = mkdtempSync(join(tmpdir(), 'tablee-test-'));
	const db = createDb({ dataDir: dir });
	await migrateToLatest(db);
	return {
		db,
		engine: 'sqlite',
		drop: async () => {
			await db.destroy();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

/** The same database with the demo club seeded as of `now`, and its people as actors: how most data-layer tests start. */
export async function seededTestDb(
	now: number
): Promise<Awaited<ReturnType<typeof openTestDb>> & { actors: DemoActors }> {
	const opened = await openTestDb();
	await seedDemo(opened.db, now);
	return { ...opened, actors: await demoActors(opened.db) };
}

/** How a domain call ends, for authorization tests: 'allowed', or the DomainError's status. */
export async function refusal(work: Promise<unknown>): Promise<'allowed' | number> {
	try {
		await work;
		return 'allowed';
	} catch (e) {
		if (e instanceof DomainError) return e.status;
		throw e;
	}
}

/** The same, with the message the person would read: 'allowed' or '403 error_forbidden'. */
export async function refusalWithKey(work: Promise<unknown>): Promise<string> {
	try {
		await work;
		return 'allowed';
	} catch (e) {
		if (e instanceof DomainError) return `${e.status} ${e.messageKey}`;
		throw e;
	}
}
