// `npm run db:migrate`: applies pending migrations to DATABASE_URL (PostgreSQL) or DATA_DIR's SQLite file, then
// rebuilds the director's rollups a migration dropped (0021: the register rule), so /insights stays fast.
import { createDb, dbConfigFromEnv, migrateToLatest } from '#lib/server/db/index.ts';
import { inTransaction, refreshRollups } from '#lib/server/insights/rollups.ts';

const db = createDb(dbConfigFromEnv());
try {
	await migrateToLatest(db);
	const missing = await db
		.selectFrom('cohort')
		.select('id')
		.where('id', 'not in', db.selectFrom('insights_cohort').select('cohort_id'))
		.execute();
	if (missing.length > 0) {
		await inTransaction(db, (trx) =>
			refreshRollups(
				trx,
				missing.map((c) => c.id),
				Date.now()
			)
		);
		console.log(`Rebuilt the insights rollups of ${missing.length} cohorts.`);
	}
	console.log('Database is up to date.');
} finally {
	await db.destroy();
}
