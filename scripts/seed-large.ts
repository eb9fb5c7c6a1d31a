// `npm run db:seed:large [-- --cohorts=2000 --participants=50000 --batch=40 --seed=13]`: migrates, then adds
// one large organisation (the insights bench's data set) to DATABASE_URL (PostgreSQL) or DATA_DIR's SQLite
// file. Use its own DATA_DIR (e.g. DATA_DIR=data/large) to keep the demo's database small.
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { createDb, dbConfigFromEnv, migrateToLatest } from '#lib/server/db/index.ts';
import { LARGE_DEFAULTS, LARGE_DIRECTOR_EMAIL, seedLarge } from '#lib/server/seed/large.ts';

const { values } = parseArgs({
	options: {
		cohorts: { type: 'string', default: String(LARGE_DEFAULTS.cohorts) },
		participants: { type: 'string', default: String(LARGE_DEFAULTS.participants) },
		batch: { type: 'string', default: String(LARGE_DEFAULTS.batch) },
		seed: { type: 'string', default: String(LARGE_DEFAULTS.seed) },
		/** PostgreSQL only: write into this schema (created if missing), e.g. beside a test database. */
		'pg-schema': { type: 'string' }
	}
});
const count = (name: 'cohorts' | 'participants' | 'batch' | 'seed') => {
	const n = Number(values[name]);
	if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive whole number, got ${values[name]}`);
	return n;
};
const options = {
	cohorts: count('cohorts'),
	participants: count('participants'),
	batch: count('batch'),
	seed: count('seed')
};

const pgSchema = values['pg-schema'];
if (pgSchema) {
	if (!/^[a-z_][a-z0-9_]*$/.test(pgSchema)) throw new Error(`--pg-schema: not a plain schema name: ${pgSchema}`);
	const admin = createDb(dbConfigFromEnv());
	await sql`create schema if not exists ${sql.id(pgSchema)}`.execute(admin);
	await admin.destroy();
}
const db = createDb({ ...dbConfigFromEnv(), ...(pgSchema ? { pgSchema } : {}) });
try {
	await migrateToLatest(db, pgSchema);
	const existing = await db
		.selectFrom('user')
		.select('id')
		.where('email', '=', LARGE_DIRECTOR_EMAIL)
		.executeTakeFirst();
	if (existing) {
		console.log(`A large organisation is already there (${LARGE_DIRECTOR_EMAIL}): nothing seeded.`);
	} else {
		const started = performance.now();
		let last = started;
		const result = await seedLarge(db, {
			...options,
			now: Date.now(),
			log: (line) => {
				if (performance.now() - last > 5000) {
					last = performance.now();
					console.log(`  … ${line} (${((last - started) / 1000).toFixed(0)} s)`);
				}
			}
		});
		const seconds = (performance.now() - started) / 1000;
		console.log(
			`Large organisation seeded: ${result.cohorts} cohorts, ${result.participants} participants in ${seconds.toFixed(1)} s` +
				` (director ${LARGE_DIRECTOR_EMAIL}, the demo's password).`
		);
	}
} finally {
	await db.destroy();
}
