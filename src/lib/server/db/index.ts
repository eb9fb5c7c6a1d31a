import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type MigrationProvider } from 'kysely';
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
		return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
	}
	const dataDir = config.dataDir ?? './data';
	mkdirSync(dataDir, { recursive: true });
	const sqlite = new SQLite(join(dataDir, 'tablee.sqlite'));
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('busy_timeout = 5000');
	return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
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
