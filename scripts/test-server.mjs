// The app as the end-to-end suite sees it: a fresh SQLite database in a temporary DATA_DIR, seeded
// with the demo club, served from the production build on 127.0.0.1.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const port = process.env.E2E_PORT ?? '4173';
const dataDir = mkdtempSync(join(tmpdir(), 'tablee-e2e-'));
const env = {
	...process.env,
	DATA_DIR: dataDir,
	DATABASE_URL: '',
	HOST: '127.0.0.1',
	PORT: port,
	ORIGIN: `http://127.0.0.1:${port}`,
	// Every test browser comes from 127.0.0.1: the per-address limit is tested at the domain level.
	LOGIN_IP_MAX_FAILURES: '100000'
};

const seed = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/seed.ts'], { stdio: 'inherit', env });
if (seed.status !== 0) process.exit(seed.status ?? 1);

const app = spawn(process.execPath, ['build'], { stdio: 'inherit', env });
const stop = () => app.kill('SIGTERM');
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
app.on('exit', (code) => {
	rmSync(dataDir, { recursive: true, force: true });
	process.exit(code ?? 0);
});
