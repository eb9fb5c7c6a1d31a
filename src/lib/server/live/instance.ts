import { dbConfigFromEnv, isPostgresUrl, type Db, type DbConfig } from '#lib/server/db/index.ts';
import { appDb } from '#lib/server/db/instance.ts';
import { MemoryBus, PostgresBus, type LiveBus } from './bus.ts';

/** PostgreSQL (possibly several instances): LISTEN/NOTIFY; SQLite (one instance): in process. */
export function createLiveBus(db: Db, config: DbConfig): LiveBus {
	return isPostgresUrl(config.databaseUrl)
		? new PostgresBus(db, { connectionString: config.databaseUrl })
		: new MemoryBus();
}

let bus: Promise<LiveBus> | undefined;

/** The app's live bus, on the app's database. */
export function appLiveBus(): Promise<LiveBus> {
	bus ??= appDb().then((db) => createLiveBus(db, dbConfigFromEnv()));
	return bus;
}
