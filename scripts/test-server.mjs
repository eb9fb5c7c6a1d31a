// The app as the end-to-end suite sees it: a fresh SQLite database in a fixed temporary DATA_DIR
// (tests/e2e-server.ts finds it there), seeded with the demo club, a LiveKit server on loopback that
// sends its webhooks to the app, and the production build on 127.0.0.1. The suite starts two: the main one
// (E2E_PORT) and one for the cases tagged @alone (E2E_PORT + 1, its LiveKit on E2E_LIVEKIT_PORT and
// E2E_LIVEKIT_UDP_PORT), so that stopping LiveKit or moving the clock there never reaches the other cases.
// The LiveKit server's pid is kept in DATA_DIR/livekit.pid: the fault spec kills it, then asks this
// process to start it again (SIGUSR2, to the pid in DATA_DIR/test-server.pid), so that every LiveKit
// server of the run is a child of this one and ends with it — a server the spec started itself, detached,
// outlived the suite (issue 15).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { startLivekit } from './livekit.mjs';
import { e2eClockFile, e2eDataDir, E2E_LIVEKIT_PORT, E2E_LIVEKIT_UDP_PORT } from './e2e-env.mjs';

const port = process.env.E2E_PORT ?? '4173';
const dataDir = e2eDataDir(port);
rmSync(dataDir, { recursive: true, force: true });
mkdirSync(dataDir, { recursive: true });
const env = {
	...process.env,
	DATA_DIR: dataDir,
	DATABASE_URL: '',
	HOST: '127.0.0.1',
	PORT: port,
	ORIGIN: `http://127.0.0.1:${port}`,
	// Every test browser comes from 127.0.0.1: the per-address limit is tested at the domain level.
	LOGIN_IP_MAX_FAILURES: '100000',
	// Presences are checked against LiveKit every 2 s (15 s in production), so the fault spec is short.
	LIVEKIT_RECONCILE_MS: '2000',
	// Reminders and pushes every 2 s (30 s in production), so the notification spec is short.
	NOTIFIER_EVERY_MS: '2000',
	// Uploads: 5 files of 10 MB at most (src/lib/assignments/rules.ts); other routes keep to 512 KB.
	BODY_SIZE_LIMIT: '52M',
	// The follow-up spec moves the server's clock three months ahead by writing an offset here.
	TEST_CLOCK_FILE: e2eClockFile(port)
};

const seed = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/seed.ts'], { stdio: 'inherit', env });
if (seed.status !== 0) process.exit(seed.status ?? 1);

const livekitOptions = {
	dataDir,
	appPort: Number(port),
	port: Number(process.env.E2E_LIVEKIT_PORT ?? E2E_LIVEKIT_PORT),
	udpPort: Number(process.env.E2E_LIVEKIT_UDP_PORT ?? E2E_LIVEKIT_UDP_PORT)
};
let livekit = await startLivekit(livekitOptions);
if (!livekit) {
	console.error('The end-to-end suite needs a LiveKit server: run `node scripts/livekit.mjs install`.');
	process.exit(1);
}
writeFileSync(`${dataDir}/livekit.pid`, String(livekit.process.pid));
writeFileSync(`${dataDir}/test-server.pid`, String(process.pid));
Object.assign(env, {
	LIVEKIT_URL: livekit.url,
	LIVEKIT_API_KEY: livekit.apiKey,
	LIVEKIT_API_SECRET: livekit.apiSecret
});
// The fault spec killed the server and wants it back: same config, same ports, same secret.
process.on('SIGUSR2', () => {
	startLivekit(livekitOptions).then(
		(again) => {
			if (!again) return;
			livekit = again;
			writeFileSync(`${dataDir}/livekit.pid`, String(again.process.pid));
		},
		(err) => console.error(`LiveKit restart failed: ${err instanceof Error ? err.message : err}`)
	);
});

const app = spawn(process.execPath, ['build'], { stdio: 'inherit', env });
const stop = () => app.kill('SIGTERM');
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
app.on('exit', (code) => {
	void livekit?.stop().finally(() => {
		rmSync(dataDir, { recursive: true, force: true });
		process.exit(code ?? 0);
	});
});
