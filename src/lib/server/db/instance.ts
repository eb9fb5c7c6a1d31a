import { createDb, dbConfigFromEnv, migrateToLatest, type Db } from './index.ts';

let instance: Db | undefined;
let ready: Promise<Db> | undefined;

/** The app's database, migrated on first use (so start-up always runs pending migrations). */
export function appDb(): Promise<Db> {
	ready ??= (async () => {
		instance = createDb(dbConfigFromEnv());
		await migrateToLatest(instance);
		return instance;
	})();
	return ready;
}
