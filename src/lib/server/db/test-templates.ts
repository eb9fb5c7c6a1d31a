/**
 * Vitest's global set-up for the data-layer projects: names this run's seeded templates (see seededTestDb in
 * test-db.ts) and removes them when the run ends — the SQLite folder, and the PostgreSQL template databases
 * and any copy a crashed file left behind. Both engines' projects run it; the first one names the run.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import pg from 'pg';
import { postgresDatabasePrefix, sqliteTemplateDir, TEST_DATABASE_URL } from './test-db.ts';

export default function setup() {
	if (process.env.TABLEE_TEST_TEMPLATES) return;
	const tag = randomBytes(4).toString('hex');
	process.env.TABLEE_TEST_TEMPLATES = tag;
	return async () => {
		rmSync(sqliteTemplateDir(tag), { recursive: true, force: true });
		const admin = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 3000 });
		try {
			await admin.connect();
		} catch {
			return; // no PostgreSQL in this run: nothing was made there
		}
		try {
			const { rows } = await admin.query<{ datname: string }>(
				"select datname from pg_database where starts_with(datname, $1) order by datname like '%\\_tpl\\_%'",
				[postgresDatabasePrefix(tag)]
			);
			for (const { datname } of rows) await admin.query(`drop database if exists "${datname}" with (force)`);
		} finally {
			await admin.end();
		}
	};
}
