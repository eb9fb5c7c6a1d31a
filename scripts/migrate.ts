// `npm run db:migrate`: applies pending migrations to DATABASE_URL (PostgreSQL) or DATA_DIR's SQLite file.
import { createDb, dbConfigFromEnv, migrateToLatest } from '#lib/server/db/index.ts';

const db = createDb(dbConfigFromEnv());
try {
	await migrateToLatest(db);
	console.log('Database is up to date.');
} finally {
	await db.destroy();
}
