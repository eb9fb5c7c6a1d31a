// `npm run cluster`: Tablée as a network of clubs would run it, on this machine and on loopback only:
// Redis, two livekit-server nodes sharing it (LiveKit's multi-node mode), two app instances on one
// PostgreSQL, and nginx in front of them. Ctrl-C (or SIGTERM) stops everything it started.
//
//   DATABASE_URL=postgres://… npm run cluster     (the database is migrated, and seeded with the demo club
//                                                  when it has no organisation yet)
//
// Addresses (all 127.0.0.1): the proxy on :4300 shares requests between the instances; :4301 and :4302
// reach instance A or B only (each app listens behind nginx on :4311 / :4312, so every request carries
// the same forwarded headers). LiveKit nodes on :17901 (instance A's first choice) and :17902 (B's); each
// instance falls back on the other node when its own stops answering. Redis on :16379.
// The instances share DATA_DIR (<CLUSTER_DIR>/shared: uploads), one VAPID key pair and one LiveKit
// secret, given in their environment. Needs Debian's redis-server and nginx (.ci/run installs them).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import webPush from 'web-push';
import { REPO_ROOT, startLivekit } from './livekit.mjs';

export const CLUSTER_PORTS = {
	proxy: 4300,
	direct: [4301, 4302],
	apps: [4311, 4312],
	livekit: [
		{ port: 17901, udpPort: 17911 },
		{ port: 17902, udpPort: 17912 }
	],
	redis: 16379
};

const START_TIMEOUT_MS = 60_000;
const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));

/** @param {number} port @param {string} send @returns {Promise<string | null>} the first answer, or null */
function ask(port, send) {
	return new Promise((done) => {
		const socket = connect({ host: '127.0.0.1', port });
		socket.setTimeout(1000);
		socket.once('connect', () => socket.write(send));
		socket.once('data', (data) => (socket.destroy(), done(data.toString())));
		socket.once('timeout', () => (socket.destroy(), done(null)));
		socket.once('error', () => done(null));
	});
}

/** @param {string} what @param {() => Promise<boolean>} ready @param {import('node:child_process').ChildProcess} child */
async function waitFor(what, ready, child) {
	const deadline = Date.now() + START_TIMEOUT_MS;
	while (!(await ready())) {
		if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${what} exited while starting`);
		if (Date.now() > deadline) throw new Error(`${what} did not answer within ${START_TIMEOUT_MS / 1000} s`);
		await sleep(200);
	}
}

/**
 * A child process of the cluster, its output appended to `<dir>/<name>.log`, killed if this process dies.
 * @param {string} dir @param {string} name @param {string} command @param {string[]} args
 * @param {NodeJS.ProcessEnv} [env]
 */
function child(dir, name, command, args, env = process.env) {
	const log = openSync(join(dir, `${name}.log`), 'a');
	const proc = spawn(command, args, { stdio: ['ignore', log, log], env, cwd: REPO_ROOT });
	closeSync(log);
	const killOnExit = () => proc.kill('SIGKILL');
	process.once('exit', killOnExit);
	const exited = new Promise((done) =>
		proc.exitCode !== null || proc.signalCode !== null ? done(undefined) : proc.once('exit', done)
	);
	return {
		name,
		process: proc,
		/** Stops it (SIGTERM, SIGKILL after 8 s) and waits for it to exit. */
		stop: async (signal = /** @type {NodeJS.Signals} */ ('SIGTERM')) => {
			process.removeListener('exit', killOnExit);
			if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
			const kill = setTimeout(() => proc.kill('SIGKILL'), 8000);
			await exited;
			clearTimeout(kill);
		}
	};
}

/** @param {string} dir @param {typeof CLUSTER_PORTS} ports */
function nginxConfig(dir, ports) {
	const temp = join(dir, 'nginx-temp');
	mkdirSync(temp, { recursive: true });
	const proxied = (/** @type {string} */ upstream) => `
		location / {
			proxy_pass http://${upstream};
			proxy_http_version 1.1;
			proxy_set_header Host $http_host;
			proxy_set_header X-Forwarded-Host $http_host;
			proxy_set_header X-Forwarded-Proto $scheme;
			proxy_set_header X-Forwarded-For $remote_addr;
			proxy_set_header Upgrade $http_upgrade;
			proxy_set_header Connection $connection_upgrade;
			# Server-sent events and uploads go through as they come.
			proxy_buffering off;
			proxy_request_buffering off;
			proxy_read_timeout 1h;
			# A dead instance: the next one takes the request, unless it may have been half done (a POST).
			proxy_next_upstream error timeout;
		}`;
	const direct = (/** @type {number} */ port) => proxied(`127.0.0.1:${port}`);
	const file = join(dir, 'nginx.conf');
	writeFileSync(
		file,
		`# Written by scripts/cluster.mjs.
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log stderr warn;
events { worker_connections 4096; }
http {
	access_log off;
	client_max_body_size 52m;
	client_body_temp_path ${temp}/body;
	proxy_temp_path ${temp}/proxy;
	map $http_upgrade $connection_upgrade { default upgrade; '' close; }
	upstream tablee {
${ports.apps.map((port) => `\t\tserver 127.0.0.1:${port} max_fails=1 fail_timeout=5s;\n`).join('')}\t}
	server { listen 127.0.0.1:${ports.proxy}; ${proxied('tablee')}
	}
${ports.apps.map((port, i) => `\tserver { listen 127.0.0.1:${ports.direct[i]}; ${direct(port)}\n\t}\n`).join('')}}
`
	);
	return file;
}

/**
 * The media half of the cluster: Redis and the LiveKit nodes that share it, started in that order and waited
 * for (startCluster starts them first; bench/media-load.ts starts only these). The nodes' webhooks go to the
 * proxy's port. LIVEKIT_API_SECRET from the environment, or a new one.
 * @param {{ dir: string, ports?: typeof CLUSTER_PORTS }} options
 * @returns {Promise<{ redis: ClusterPart, livekit: import('./livekit.mjs').RunningLivekit[], apiSecret: string,
 *   stop: () => Promise<void> }>}
 */
export async function startMediaNodes({ dir, ports = CLUSTER_PORTS }) {
	dir = resolve(dir);
	/** @type {{ stop: () => Promise<void> }[]} */
	const started = [];
	const stop = async () => {
		for (const part of started.splice(0).reverse()) await part.stop().catch(() => undefined);
	};
	try {
		mkdirSync(join(dir, 'redis'), { recursive: true });
		const redis = child(dir, 'redis', 'redis-server', [
			'--port',
			String(ports.redis),
			'--bind',
			'127.0.0.1',
			'--save',
			'',
			'--appendonly',
			'no',
			'--dir',
			join(dir, 'redis')
		]);
		started.push(redis);
		await waitFor(
			'Redis',
			async () => (await ask(ports.redis, 'PING\r\n'))?.startsWith('+PONG') ?? false,
			redis.process
		);

		const apiSecret = process.env.LIVEKIT_API_SECRET ?? randomBytes(24).toString('hex');
		/** @type {import('./livekit.mjs').RunningLivekit[]} */
		const livekit = [];
		for (const [i, node] of ports.livekit.entries()) {
			const running = await startLivekit({
				dataDir: join(dir, `livekit-${i + 1}`),
				...node,
				appPort: ports.proxy, // webhooks reach whichever instance the proxy picks
				apiSecret,
				redisPort: ports.redis
			});
			if (!running) throw new Error('A cluster needs a LiveKit server: run `node scripts/livekit.mjs install`.');
			started.push(running);
			livekit.push(running);
		}
		return { redis, livekit, apiSecret, stop };
	} catch (e) {
		await stop();
		throw e;
	}
}

/**
 * @typedef {ReturnType<typeof child>} ClusterPart
 * @typedef {object} Cluster
 * @property {string} url                 the proxy
 * @property {string[]} direct            instance A's and B's own addresses
 * @property {ClusterPart[]} apps         instance A, B
 * @property {import('./livekit.mjs').RunningLivekit[]} livekit   node 1 (A's), node 2 (B's)
 * @property {ClusterPart} redis
 * @property {ClusterPart} proxy
 * @property {() => Promise<void>} stop   stops everything still running, last started first
 */

/**
 * Starts the whole topology and waits until every part answers. The app must be built (`npm run build`).
 * @param {{ dir: string, databaseUrl: string, ports?: typeof CLUSTER_PORTS, appEnv?: NodeJS.ProcessEnv }} options
 *   appEnv: more environment for both instances (tests: faster background loops). ports.apps and ports.direct
 *   may list one instance instead of two (bench/load.ts measures one instance behind the same proxy).
 * @returns {Promise<Cluster>}
 */
export async function startCluster({ dir, databaseUrl, ports = CLUSTER_PORTS, appEnv = {} }) {
	if (!/^postgres(ql)?:\/\//.test(databaseUrl)) throw new Error('A cluster needs PostgreSQL: set DATABASE_URL.');
	dir = resolve(dir);
	mkdirSync(join(dir, 'shared'), { recursive: true });
	/** @type {{ stop: () => Promise<void> }[]} */
	const started = [];
	const stop = async () => {
		for (const part of started.splice(0).reverse()) await part.stop().catch(() => undefined);
	};
	try {
		const media = await startMediaNodes({ dir, ports });
		started.push(media);
		const { redis, livekit, apiSecret } = media;

		const vapid =
			process.env.VAPID_PUBLIC_KEY && process.env.VAPID_PRIVATE_KEY
				? { publicKey: process.env.VAPID_PUBLIC_KEY, privateKey: process.env.VAPID_PRIVATE_KEY }
				: webPush.generateVAPIDKeys();
		// The instances read their origin from the proxy's headers (an ORIGIN would fix one address for all).
		const { ORIGIN: _origin, ...env } = process.env;
		const apps = [];
		for (const [i, port] of ports.apps.entries()) {
			const app = child(dir, `app-${'AB'[i]}`, process.execPath, ['build'], {
				...env,
				...appEnv,
				DATABASE_URL: databaseUrl,
				DATA_DIR: join(dir, 'shared'),
				HOST: '127.0.0.1',
				PORT: String(port),
				PROTOCOL_HEADER: 'x-forwarded-proto',
				HOST_HEADER: 'x-forwarded-host',
				ADDRESS_HEADER: 'x-forwarded-for',
				XFF_DEPTH: '1',
				// Its own node first, then the other: when its node dies, tickets name the one that answers.
				LIVEKIT_URL: [livekit[i], ...livekit.filter((_, j) => j !== i)].map((n) => n.url).join(','),
				LIVEKIT_API_KEY: livekit[i].apiKey,
				LIVEKIT_API_SECRET: apiSecret,
				VAPID_PUBLIC_KEY: vapid.publicKey,
				VAPID_PRIVATE_KEY: vapid.privateKey
			});
			started.push(app);
			apps.push(app);
		}
		const proxy = child(dir, 'nginx', existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx', [
			'-p',
			dir,
			'-c',
			nginxConfig(dir, ports),
			'-e',
			'stderr',
			'-g',
			'daemon off;'
		]);
		started.push(proxy);
		for (const [i, port] of ports.direct.entries()) {
			await waitFor(
				`App instance ${'AB'[i]}`,
				async () => {
					const res = await fetch(`http://127.0.0.1:${port}/login`, { signal: AbortSignal.timeout(2000) }).catch(
						() => null
					);
					return res?.status === 200;
				},
				apps[i].process
			);
		}
		return {
			url: `http://127.0.0.1:${ports.proxy}`,
			direct: ports.direct.map((p) => `http://127.0.0.1:${p}`),
			apps,
			livekit,
			redis,
			proxy,
			stop
		};
	} catch (e) {
		await stop();
		throw e;
	}
}

// As a command: migrate and seed the database if it is empty, start the cluster, stop it on Ctrl-C.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	const databaseUrl = process.env.DATABASE_URL ?? '';
	if (!/^postgres(ql)?:\/\//.test(databaseUrl)) {
		console.error('npm run cluster needs PostgreSQL: DATABASE_URL=postgres://user:password@host/db npm run cluster');
		process.exit(1);
	}
	const seeded = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/seed.ts'], {
		stdio: 'inherit',
		cwd: REPO_ROOT,
		env: process.env
	});
	if (seeded.status !== 0) process.exit(seeded.status ?? 1);
	const cluster = await startCluster({ dir: process.env.CLUSTER_DIR ?? join(REPO_ROOT, 'data-cluster'), databaseUrl });
	console.log(`Tablée cluster: ${cluster.url} (instance A ${cluster.direct[0]}, instance B ${cluster.direct[1]});`);
	console.log(`LiveKit nodes ${cluster.livekit.map((n) => n.url).join(', ')}; Redis 127.0.0.1:${CLUSTER_PORTS.redis}.`);
	console.log('Ctrl-C stops everything.');
	const shutdown = () => void cluster.stop().then(() => process.exit(0));
	process.once('SIGINT', shutdown);
	process.once('SIGTERM', shutdown);
}
