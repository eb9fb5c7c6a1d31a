// `npm run db:seed`: migrates, then seeds the demo club if the database is empty, with its past years (the
// directors' comparisons). `--without-history`: the demo club only (seconds instead of a minute on PostgreSQL).
import { createDb, dbConfigFromEnv, migrateToLatest } from '#lib/server/db/index.ts';
import { seedDemo } from '#lib/server/seed/demo.ts';
import { seedHistoric } from '#lib/server/seed/historic.ts';

const db = createDb(dbConfigFromEnv());
try {
	await migrateToLatest(db);
	const seeded = await seedDemo(db);
	if (seeded && !process.argv.includes('--without-history')) await seedHistoric(db, Date.now());
	console.log(seeded ? 'Demo club seeded.' : 'Database already holds an organisation: nothing seeded.');
} finally {
	await db.destroy();
}
