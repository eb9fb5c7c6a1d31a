import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type MigrationProvider } from 'kysely';
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { migrations } from '#lib/server/db/migrations/index.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;

// PostgreSQL bigint (int8) comes back as a string by default; our instants fit in a JS number.
pg.types.setTypeParser(20, (value) => Number(value));

export interface DbConfig {
	/** A postgres:// URL, or empty for SQLite. */
	databaseUrl?: string;
	/** Directory of the SQLite file (and other local state). */
	dataDir?: string;
	/** PostgreSQL schema to use (tests isolate themselves in one). */
	pgSchema?: string;
}

export function isPostgresUrl(url: string | undefined): url is string {
	return !!url && /^postgres(ql)?:\/\//.test(url);
}

export function createDb(config: DbConfig = {}): Db {
	if (isPostgresUrl(config.databaseUrl)) {
		const pool = new pg.Pool({
			connectionString: config.databaseUrl,
			max: 10,
			...(config.pgSchema ? { options: `-c search_path=${config.pgSchema}` } : {})
		});
		// The server ended an idle connection (PostgreSQL restarted, an operator ended it): pg says so on the
		// pool, and an 'error' nobody listens to would end the process. The pool drops that client and opens a
		// new one for the next query; requests meanwhile get a 503 (see unavailable.ts).
		pool.on('error', (e) => console.error(`PostgreSQL: an idle connection was lost (${e.message})`));
		pool.on('connect', preparedOnce);
		return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
	}
	const dataDir = config.dataDir ?? './data';
	mkdirSync(dataDir, { recursive: true });
	const sqlite = cachedStatements(new SQLite(join(dataDir, 'tablee.sqlite')));
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('busy_timeout = 5000');
	return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
}

// Statements prepared once and reused (issue 17): a visit of /me runs about twenty queries of the same few
// shapes, and PostgreSQL parsed and planned each again (2.45 ms of its CPU a visit; 0.72 ms prepared),
// better-sqlite3 compiled each again. Only the data statements Kysely writes (never BEGIN, DDL or LISTEN),
// and at most MAX_PREPARED texts: a text past that runs as before. Query texts never hold values (Kysely
// sends them as parameters), so their number is bounded by the code's queries and their IN lists' lengths.
const PREPARABLE = /^\s*(select|insert|update|delete|with)\b/i;
// On PostgreSQL, not a statement whose columns come from a star (`select *`, `"t".*`, `returning *`;
// `count(*)` is fine): once a migration adds a column, a prepared one fails with "cached plan must not change
// result type" in an instance still running the previous version, where an unnamed one reads on.
const STAR_COLUMNS = /(?<!\()\*(?!\))/;
const MAX_PREPARED = 2000;

/** PostgreSQL: each connection prepares a statement under a name derived from its text, on first use. */
const statementNames = new Map<string, string>();
function preparedOnce(client: pg.PoolClient): void {
	const query = client.query.bind(client) as (...args: unknown[]) => unknown;
	(client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
		const [text, values] = args;
		if (
			args.length === 2 &&
			typeof text === 'string' &&
			Array.isArray(values) &&
			PREPARABLE.test(text) &&
			!STAR_COLUMNS.test(text)
		) {
			let name = statementNames.get(text);
			if (!name && statementNames.size < MAX_PREPARED) {
				name = `t${createHash('sha256').update(text).digest('base64url').slice(0, 24)}`;
				statementNames.set(text, name);
			}
			if (name) return query({ name, text, values });
		}
		return query(...args);
	};
}

/** SQLite: one compiled statement per text, reused (Kysely's driver asks better-sqlite3 to compile every query). */
function cachedStatements(sqlite: SQLite.Database): SQLite.Database {
	const compiled = new Map<string, SQLite.Statement>();
	const prepare = sqlite.prepare.bind(sqlite);
	sqlite.prepare = ((source: string) => {
		let statement = compiled.get(source);
		if (!statement) {
			statement = prepare(source);
			if (PREPARABLE.test(source) && compiled.size < MAX_PREPARED) compiled.set(source, statement);
		}
		return statement;
	}) as typeof sqlite.prepare;
	return sqlite;
}

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrateToLatest(db: Db, pgSchema?: string): Promise<void> {
	// Unordered: a database that already ran a later-numbered migration still takes an earlier one added since.
	// In a private PostgreSQL schema, the migration tables are looked for there only: Kysely otherwise takes
	// another schema's kysely_migration for its own and skips creating the tables.
	const migrator = new Migrator({
		db,
		provider,
		allowUnorderedMigrations: true,
		...(pgSchema ? { migrationTableSchema: pgSchema } : {})
	});
	const { error, results } = await migrator.migrateToLatest();
	const failed = results?.find((r) => r.status === 'Error');
	if (error || failed) {
		throw new Error(`Migration ${failed?.migrationName ?? ''} failed`, { cause: error });
	}
}

/** Reads the database settings the way every entry point (app, scripts, tests) does. */
export function dbConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DbConfig {
	return { databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR ?? './data' };
}
