// `npm start`: migrate + seed the demo club, start a local LiveKit server (built once with Go when
// there is none yet; video off when that cannot be done), then serve the built app on http://127.0.0.1:3000 (PORT to change it).
import { spawn, spawnSync } from 'node:child_process';
import { livekitForStart } from './livekit.mjs';

const env = {
	...process.env,
	DATA_DIR: process.env.DATA_DIR ?? './data',
	HOST: process.env.HOST ?? '127.0.0.1',
	PORT: process.env.PORT ?? '3000'
};
// adapter-node assumes https unless told the public origin; locally we serve plain http.
env.ORIGIN ??= `http://${env.HOST}:${env.PORT}`;
// Uploads: 5 files of 10 MB at most (src/lib/assignments/rules.ts); other routes keep to 512 KB.
env.BODY_SIZE_LIMIT ??= '52M';

const seed = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/seed.ts'], { stdio: 'inherit', env });
if (seed.status !== 0) process.exit(seed.status ?? 1);

const { livekit } = await livekitForStart({ dataDir: env.DATA_DIR, appPort: Number(env.PORT) });
if (livekit) {
	Object.assign(env, {
		LIVEKIT_URL: livekit.url,
		LIVEKIT_API_KEY: livekit.apiKey,
		LIVEKIT_API_SECRET: livekit.apiSecret
	});
}

const app = spawn(process.execPath, ['build'], { stdio: 'inherit', env });
console.log(`Tablée: http://${env.HOST}:${env.PORT}`);
const stop = () => {
	app.kill('SIGTERM');
	livekit?.stop();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
app.on('exit', (code) => {
	livekit?.stop();
	process.exit(code ?? 0);
});
