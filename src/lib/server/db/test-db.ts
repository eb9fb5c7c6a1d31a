import { copyFileSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
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
export async function openTestDb(): Promise<{
	db: Db;
	engine: 'sqlite' | 'postgres';
	/** PostgreSQL: the URL of the database `db` works in (another connection, e.g. a LISTEN, goes there). */
	databaseUrl?: string;
	/** Another connection pool to the same database, as a second app instance holds (the caller destroys it). */
	openAgain: () => Db;
	drop: () => Promise<void>;
}> {
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
			databaseUrl: TEST_DATABASE_URL,
			openAgain: () => createDb({ databaseUrl: TEST_DATABASE_URL, pgSchema: schema }),
			drop: async () => {
				await db.destroy();
				await admin.query(`drop schema "${schema}" cascade`);
				await admin.end();
			}
		};
	}
	const opened = sqliteTestDb(mkdtempSync(join(tmpdir(), 'tablee-test-')));
	await migrateToLatest(opened.db);
	return opened;
}

/** The SQLite database in a test's own folder; `drop()` closes it and removes the folder. */
function sqliteTestDb(dir: string) {
	const db = createDb({ dataDir: dir });
	return {
		db,
		engine: 'sqlite' as const,
		openAgain: () => createDb({ dataDir: dir }),
		drop: async () => {
			await db.destroy();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

/**
 * The same database with the demo club seeded as of `now`, and its people as actors: how most data-layer
 * tests start. Seeding writes a few hundred rows through the domain functions and hashes a PIN per person
 * (3–4 s on PostgreSQL, 1.5 s on SQLite); two dozen files seed the same club at the same instant. So the
 * first file of a run to ask for (engine, now) seeds a template, and every file gets its own copy of it:
 * a SQLite file copied, or a PostgreSQL database created from the template (0.2 s). Without the run's
 * template folder (a file run outside Vitest's set-up) or without the right to create databases, it seeds
 * its own as before.
 */
export async function seededTestDb(
	now: number
): Promise<Awaited<ReturnType<typeof openTestDb>> & { actors: DemoActors }> {
	const opened = (await copyOfTemplate(now)) ?? (await seededFromScratch(now));
	return { ...opened, actors: await demoActors(opened.db) };
}

async function seededFromScratch(now: number) {
	const opened = await openTestDb();
	await seedDemo(opened.db, now);
	return opened;
}

/** Set by test-templates.ts (Vitest's global set-up) for the run: where this run's templates live. */
const TEMPLATE_TAG = process.env.TABLEE_TEST_TEMPLATES;

async function copyOfTemplate(now: number): Promise<Awaited<ReturnType<typeof openTestDb>> | null> {
	if (!TEMPLATE_TAG) return null;
	return process.env.TEST_DB === 'postgres' ? postgresCopy(TEMPLATE_TAG, now) : sqliteCopy(TEMPLATE_TAG, now);
}

/** The run's template folder holds one seeded SQLite file per instant; a copy of it is a file copy. */
async function sqliteCopy(tag: string, now: number) {
	const templates = sqliteTemplateDir(tag);
	mkdirSync(templates, { recursive: true });
	const template = join(templates, `${now}.sqlite`);
	if (!existsSync(template)) {
		// Two workers may build it at once: each seeds its own and renames it into place (the same club).
		const building = mkdtempSync(join(templates, 'building-'));
		const db = createDb({ dataDir: building });
		await migrateToLatest(db);
		await seedDemo(db, now);
		await db.destroy(); // checkpoints the WAL into the file
		renameSync(join(building, 'tablee.sqlite'), template);
		rmSync(building, { recursive: true, force: true });
	}
	const dir = mkdtempSync(join(tmpdir(), 'tablee-test-'));
	copyFileSync(template, join(dir, 'tablee.sqlite'));
	return sqliteTestDb(dir);
}

export function sqliteTemplateDir(tag: string): string {
	return join(tmpdir(), `tablee-templates-${tag}`);
}

/** PostgreSQL database names of a run: its templates and its copies (dropped at the end of the run). */
export const postgresDatabasePrefix = (tag: string) => `tablee_t_${tag}_`;
const TEMPLATE_SCHEMA = 'tablee';

function databaseUrl(name: string): string {
	const url = new URL(TEST_DATABASE_URL);
	url.pathname = `/${name}`;
	return url.toString();
}

/**
 * A copy of the run's PostgreSQL template for `now` (CREATE DATABASE … TEMPLATE), built under an advisory
 * lock by the first file that needs it. Null when the role may not create databases.
 */
async function postgresCopy(tag: string, now: number) {
	const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
	await admin.connect();
	try {
		const { rows } = await admin.query<{ may: boolean }>(
			'select rolcreatedb or rolsuper as may from pg_roles where rolname = current_user'
		);
		if (!rows[0]?.may) return null;
		const template = `${postgresDatabasePrefix(tag)}tpl_${now}`;
		await admin.query('select pg_advisory_lock(hashtext($1))', [template]);
		try {
			const exists = await admin.query('select 1 from pg_database where datname = $1', [template]);
			if (exists.rowCount === 0) {
				// Built under another name and renamed once whole: a seed that fails leaves no template half made.
				const building = `${template}_building`;
				await admin.query(`drop database if exists "${building}" with (force)`);
				await admin.query(`create database "${building}"`);
				const db = createDb({ databaseUrl: databaseUrl(building), pgSchema: TEMPLATE_SCHEMA });
				try {
					await db.schema.createSchema(TEMPLATE_SCHEMA).execute();
					await migrateToLatest(db, TEMPLATE_SCHEMA);
					await seedDemo(db, now);
				} finally {
					await db.destroy(); // a template takes no connection while it is copied
				}
				await admin.query(`alter database "${building}" rename to "${template}"`);
			}
		} finally {
			await admin.query('select pg_advisory_unlock(hashtext($1))', [template]);
		}
		const name = `${postgresDatabasePrefix(tag)}${newId().toLowerCase()}`;
		await admin.query(`create database "${name}" template "${template}"`);
		const url = databaseUrl(name);
		const db = createDb({ databaseUrl: url, pgSchema: TEMPLATE_SCHEMA });
		return {
			db,
			engine: 'postgres' as const,
			databaseUrl: url,
			openAgain: () => createDb({ databaseUrl: url, pgSchema: TEMPLATE_SCHEMA }),
			drop: async () => {
				await db.destroy();
				const dropper = new pg.Client({ connectionString: TEST_DATABASE_URL });
				await dropper.connect();
				await dropper.query(`drop database if exists "${name}" with (force)`);
				await dropper.end();
			}
		};
	} finally {
		await admin.end();
	}
}

/** How a domain call ends: `done` when it succeeds, or what `read` takes from its DomainError (any other error is thrown). */
export async function domainOutcome<T, D>(
	work: Promise<unknown>,
	read: (e: DomainError) => T,
	done: D
): Promise<T | D> {
	try {
		await work;
		return done;
	} catch (e) {
		if (e instanceof DomainError) return read(e);
		throw e;
	}
}

/** How a domain call ends, for authorization tests: 'allowed', or the DomainError's status. */
export const refusal = (work: Promise<unknown>): Promise<'allowed' | number> =>
	domainOutcome(work, (e) => e.status, 'allowed' as const);

/** The same, with the message the person would read: 'allowed' or '403 error_forbidden'. */
export const refusalWithKey = (work: Promise<unknown>): Promise<string> =>
	domainOutcome(work, (e) => `${e.status} ${e.messageKey}`, 'allowed');
