import { createDb, dbConfigFromEnv, migrateToLatest } from '#lib/server/db/index.ts';
const pgSchema = process.env.PGS;
const db = createDb({ ...dbConfigFromEnv(), ...(pgSchema ? { pgSchema } : {}) });
await migrateToLatest(db, pgSchema);
await db.destroy();
console.log('migrated', pgSchema ?? process.env.DATA_DIR);
