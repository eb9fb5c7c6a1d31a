// Local LiveKit server for development and tests, kept on loopback: no public STUN, no
// all-interfaces listener, no autodetected node IP. Plain Node ESM, built-ins only.
//
//   node scripts/livekit.mjs install   find livekit-server, or build it with `go install`; print its path
//   node scripts/livekit.mjs start     run it in the foreground (DATA_DIR, default ./data; PORT = app port)
//
// The server reads only the YAML written by writeLivekitConfig (`--config`, never `--dev`): `--dev`
// autodetects a public node IP, listens for ICE/TCP on every interface and hands browsers public
// STUN servers.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
	accessSync,
	chmodSync,
	closeSync,
	constants,
	existsSync,
	mkdirSync,
	openSync,
	readFileSync,
	writeFileSync
} from 'node:fs';
import { connect } from 'node:net';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const LIVEKIT_VERSION = 'v1.13.5';
export const LIVEKIT_MODULE = `github.com/livekit/livekit-server/cmd/server@${LIVEKIT_VERSION}`;
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const LIVEKIT_BIN_DIR = join(REPO_ROOT, '.livekit', 'bin');

const DEFAULT_API_KEY = 'devkey';
const MIN_SECRET_LENGTH = 32;
const START_TIMEOUT_MS = 20_000;

/** @param {string} file */
function isExecutable(file) {
	try {
		accessSync(file, constants.X_OK);
		return true;
	} catch {
		return false;
	}
}

/**
 * @param {string} name
 * @param {string} [searchPath] a PATH-like list of folders (default: PATH)
 * @returns {string | null} absolute path of `name` on that path
 */
function which(name, searchPath = process.env.PATH ?? '') {
	for (const dir of searchPath.split(delimiter)) {
		if (!dir) continue;
		const file = resolve(dir, name);
		if (isExecutable(file)) return file;
	}
	return null;
}

/**
 * Where to look for the server and for Go. Tests point these at empty folders and a stand-in `go`.
 * @typedef {object} Lookup
 * @property {string} [binDir]       where `go install` puts the server (default `.livekit/bin`)
 * @property {string} [searchPath]   PATH-like list searched for `livekit-server` and `go` (default PATH)
 * @property {string[]} [goFallbacks] where Go lives when it is not on PATH (Go's own tarball install)
 * @property {(line: string) => void} [say] progress and advice, one line each (default console.log)
 */

/** Go's official tarball installs here; a login shell adds it to PATH, but `npm start` may not see it. */
export const GO_FALLBACKS = ['/usr/local/go/bin/go'];

/** @param {Lookup} [lookup] @returns {string | null} absolute path of a livekit-server binary, or null */
export function findLivekitBinary({ binDir = LIVEKIT_BIN_DIR, searchPath } = {}) {
	const onPath = which('livekit-server', searchPath);
	if (onPath) return onPath;
	for (const name of ['server', 'livekit-server']) {
		const file = join(binDir, name);
		if (isExecutable(file)) return file;
	}
	return null;
}

/** @param {Lookup} [lookup] @returns {string | null} the `go` command: on PATH, else where Go's installer puts it */
export function findGo({ searchPath, goFallbacks = GO_FALLBACKS } = {}) {
	return which('go', searchPath) ?? goFallbacks.find(isExecutable) ?? null;
}

/** The one line `npm start` prints when there is no server and no Go to build one. */
export const NO_GO_MESSAGE =
	'Video is off: no LiveKit server and no Go to build one. Install Go ≥ 1.26 (https://go.dev/dl/), ' +
	'then run `npm start` again (it builds LiveKit once).';

/**
 * The server's path: found, or built once with `GOBIN=<binDir> go install <pinned module>`.
 * Null (after one line saying why) when there is no Go or the build fails.
 * @param {Lookup} [lookup]
 * @returns {string | null}
 */
export function installLivekit(lookup = {}) {
	const { binDir = LIVEKIT_BIN_DIR, say = console.log } = lookup;
	const found = findLivekitBinary(lookup);
	if (found) return found;
	const go = findGo(lookup);
	if (!go) {
		say(NO_GO_MESSAGE);
		return null;
	}
	say(
		`LiveKit server not found: building it once with Go (GOBIN=${binDir} ${go} install ${LIVEKIT_MODULE}); ` +
			'about 1.5 min on a quiet machine (more on a busy one), then reused on every start.'
	);
	mkdirSync(binDir, { recursive: true });
	const result = spawnSync(go, ['install', LIVEKIT_MODULE], {
		stdio: 'inherit',
		env: { ...process.env, GOBIN: binDir }
	});
	if (result.status !== 0) {
		say(
			`Video is off: go install failed (${result.error?.message ?? `exit ${result.status ?? result.signal}`}); ` +
				'see the lines above.'
		);
		return null;
	}
	const built = findLivekitBinary(lookup);
	if (!built) say(`Video is off: go install succeeded but left no server in ${binDir}.`);
	return built;
}

/**
 * The API secret: LIVEKIT_API_SECRET if set, else `<dataDir>/livekit-secret` (created once,
 * 48 random hex characters, mode 0600).
 * @param {string} dataDir
 * @returns {string}
 */
export function loadOrCreateLivekitSecret(dataDir) {
	const fromEnv = process.env.LIVEKIT_API_SECRET;
	if (fromEnv) {
		if (fromEnv.length < MIN_SECRET_LENGTH) {
			throw new Error(`LIVEKIT_API_SECRET must be at least ${MIN_SECRET_LENGTH} characters long.`);
		}
		return fromEnv;
	}
	const file = join(dataDir, 'livekit-secret');
	if (existsSync(file)) {
		const secret = readFileSync(file, 'utf8').trim();
		if (secret.length < MIN_SECRET_LENGTH) {
			throw new Error(
				`${file} holds a secret shorter than ${MIN_SECRET_LENGTH} characters: delete it to get a new one.`
			);
		}
		return secret;
	}
	mkdirSync(dataDir, { recursive: true });
	const secret = randomBytes(24).toString('hex');
	writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
	return secret;
}

/** @param {string} value a YAML double-quoted scalar (JSON strings are valid YAML) */
const q = (value) => JSON.stringify(value);

/**
 * The part of a multi-node node's config: Redis, and participant lists asked of the node that hosts the room
 * (its live state) instead of read from Redis, where the people of a node that died stay listed until another
 * node takes the room over — which made the app's reconciler count the outage as presence (issue 17).
 * @param {number} redisPort
 */
const multiNode = (redisPort) => `redis:
  address: ${q(`127.0.0.1:${redisPort}`)}
api:
  enable_psrpc_for_get_list_participants: true
`;

/**
 * Writes `<dataDir>/livekit.yaml` (mode 0600: it holds the secret) and returns its path.
 * Every key below was checked against livekit-server v1.13.5 (pkg/config/config.go and
 * mediatransportutil's rtcconfig), which parses the file strictly (unknown keys are errors).
 * redisPort: a node of a multi-node LiveKit (scripts/cluster.mjs), which finds the others through the Redis
 * on 127.0.0.1:redisPort.
 * @param {{ dataDir: string, port?: number, udpPort?: number, appPort?: number, apiKey?: string, apiSecret: string,
 *   redisPort?: number }} options
 * @returns {string}
 */
export function writeLivekitConfig({
	dataDir,
	port = 7880,
	udpPort = 7882,
	appPort = 3000,
	apiKey = DEFAULT_API_KEY,
	apiSecret,
	redisPort
}) {
	if (!apiSecret || apiSecret.length < MIN_SECRET_LENGTH) {
		throw new Error(`The LiveKit API secret must be at least ${MIN_SECRET_LENGTH} characters long.`);
	}
	for (const [name, value] of Object.entries({ port, udpPort, appPort, redisPort: redisPort ?? 1 })) {
		if (!Number.isInteger(value) || value < 1 || value > 65535) throw new Error(`Invalid ${name}: ${value}`);
	}
	const yaml = `# Written by scripts/livekit.mjs: a LiveKit server that keeps every packet on loopback.
port: ${port}
bind_addresses: [127.0.0.1]
keys:
  ${q(apiKey)}: ${q(apiSecret)}
rtc:
  node_ip: 127.0.0.1
  use_external_ip: false
  udp_port: ${udpPort}
  tcp_port: 0                        # no all-interfaces ICE/TCP listener
  enable_loopback_candidate: true
  ips:
    includes: [127.0.0.1/32]
  stun_servers: [127.0.0.1:3478]     # replaces the public defaults sent to browsers
  # A newcomer's video starts at the next keyframe, which the SFU asks of the publisher at most once per
  # window and layer (defaults 500 ms / 1 s / 1 s): at 9:30, joins a few hundred ms apart each waited for
  # the window to pass. Shorter windows cost a few more keyframes while people arrive (issue 15).
  pli_throttle:
    low_quality: 100ms
    mid_quality: 200ms
    high_quality: 200ms
turn:
  enabled: false
webhook:
  api_key: ${q(apiKey)}
  urls: [${q(`http://127.0.0.1:${appPort}/api/livekit/webhook`)}]
${redisPort === undefined ? '' : multiNode(redisPort)}`;
	mkdirSync(dataDir, { recursive: true });
	const file = join(dataDir, 'livekit.yaml');
	writeFileSync(file, yaml, { mode: 0o600 });
	chmodSync(file, 0o600);
	return file;
}

/** @param {number} port @returns {Promise<boolean>} whether something accepts TCP on 127.0.0.1:port */
function portTaken(port) {
	return new Promise((done) => {
		const socket = connect({ host: '127.0.0.1', port });
		socket.setTimeout(1000);
		socket.once('connect', () => (socket.destroy(), done(true)));
		socket.once('timeout', () => (socket.destroy(), done(true)));
		socket.once('error', () => done(false));
	});
}

/** @param {number} ms */
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** @param {string} file @param {number} lines */
function tail(file, lines) {
	try {
		return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
	} catch {
		return '';
	}
}

/**
 * The server's environment without the variables livekit-server v1.13.5 reads as settings
 * (LIVEKIT_CONFIG replaces the config file; LIVEKIT_<KEY>, NODE_IP, UDP_PORT, REDIS_HOST… override
 * its keys), so nothing outside livekit.yaml can move it off loopback.
 */
function serverEnv() {
	const env = { ...process.env };
	for (const name of Object.keys(env)) {
		if (name.startsWith('LIVEKIT_') || ['NODE_IP', 'UDP_PORT', 'REDIS_HOST', 'REDIS_PASSWORD'].includes(name))
			delete env[name];
	}
	return env;
}

/**
 * @typedef {object} RunningLivekit
 * @property {import('node:child_process').ChildProcess} process
 * @property {string} url          ws:// URL for clients
 * @property {string} apiKey
 * @property {string} apiSecret
 * @property {string} configFile
 * @property {string | null} logFile  null when the output goes to this process's stdout/stderr
 * @property {() => Promise<void>} stop  ends the server (SIGTERM, forced after 3 s, SIGKILL after 8 s)
 */

/**
 * Starts livekit-server on loopback and waits until it answers. Returns null (saying so) when there
 * is no binary; throws when the binary is there but the server does not come up.
 * @param {{ dataDir?: string, appPort?: number, port?: number, udpPort?: number, log?: 'file' | 'inherit',
 *   binary?: string, apiSecret?: string, redisPort?: number }} [options]
 *   log: 'file' (default) appends the server's output to `<dataDir>/livekit.log`.
 *   binary: the server to run (default: the one findLivekitBinary finds).
 *   apiSecret: the nodes of a cluster share one (default: loadOrCreateLivekitSecret(dataDir)).
 *   redisPort: see writeLivekitConfig.
 * @returns {Promise<RunningLivekit | null>}
 */
export async function startLivekit({
	dataDir = './data',
	appPort = 3000,
	port = 7880,
	udpPort = 7882,
	log = 'file',
	binary = findLivekitBinary() ?? undefined,
	apiSecret: givenSecret,
	redisPort
} = {}) {
	if (!binary) {
		console.log('LiveKit server not found (run `node scripts/livekit.mjs install`): video is off.');
		return null;
	}
	dataDir = resolve(dataDir);
	const apiKey = DEFAULT_API_KEY;
	const apiSecret = givenSecret ?? loadOrCreateLivekitSecret(dataDir);
	const configFile = writeLivekitConfig({ dataDir, port, udpPort, appPort, apiKey, apiSecret, redisPort });

	if (await portTaken(port)) {
		throw new Error(`Cannot start LiveKit: something already listens on 127.0.0.1:${port}.`);
	}

	const logFile = log === 'file' ? join(dataDir, 'livekit.log') : null;
	const logFd = logFile ? openSync(logFile, 'a') : null;
	const child = spawn(binary, ['--config', configFile], {
		stdio: logFd === null ? ['ignore', 'inherit', 'inherit'] : ['ignore', logFd, logFd],
		env: serverEnv()
	});
	if (logFd !== null) closeSync(logFd);

	/** @type {Promise<void>} */
	const exited = new Promise((done) => {
		if (child.exitCode !== null || child.signalCode !== null) done();
		else child.once('exit', () => done());
	});
	let spawnError = /** @type {Error | null} */ (null);
	child.once('error', (err) => (spawnError = err));
	const killOnExit = () => child.kill('SIGKILL');
	process.once('exit', killOnExit);

	const stop = async () => {
		process.removeListener('exit', killOnExit);
		if (child.exitCode !== null || child.signalCode !== null) return;
		child.kill('SIGTERM');
		const force = setTimeout(() => child.kill('SIGTERM'), 3000); // second signal = forced stop
		const kill = setTimeout(() => child.kill('SIGKILL'), 8000);
		await exited;
		clearTimeout(force);
		clearTimeout(kill);
	};

	const failure = (/** @type {string} */ why) => {
		const logTail = logFile ? tail(logFile, 20) : '';
		return new Error(
			`LiveKit server did not start: ${why}.${logTail ? `\nLast lines of ${logFile}:\n${logTail}` : ''}`
		);
	};

	const deadline = Date.now() + START_TIMEOUT_MS;
	for (;;) {
		if (spawnError) throw failure(/** @type {Error} */ (spawnError).message);
		if (child.exitCode !== null || child.signalCode !== null) {
			throw failure(`it exited (${child.exitCode ?? child.signalCode})`);
		}
		try {
			const res = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1000) });
			if (res.ok) break;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) {
			await stop();
			throw failure(`no answer on http://127.0.0.1:${port}/ within ${START_TIMEOUT_MS / 1000} s`);
		}
		await sleep(150);
	}

	return { process: child, url: `ws://127.0.0.1:${port}`, apiKey, apiSecret, configFile, logFile, stop };
}

/**
 * What `npm start` does for video: find the server or build it once (installLivekit), then start it.
 * Without a server (no Go, or the build failed) the app runs with video off, said in one line.
 * @param {Lookup & { dataDir?: string, appPort?: number, port?: number, udpPort?: number }} options
 * @returns {Promise<{ video: 'on', livekit: RunningLivekit } | { video: 'off', livekit: null }>}
 */
export async function livekitForStart(options = {}) {
	const binary = installLivekit(options);
	if (!binary) return { video: 'off', livekit: null };
	const { dataDir, appPort, port, udpPort } = options;
	const livekit = await startLivekit({ dataDir, appPort, port, udpPort, binary });
	return livekit ? { video: 'on', livekit } : { video: 'off', livekit: null };
}

async function main() {
	const command = process.argv[2];
	if (command === 'install') {
		const binary = installLivekit();
		if (!binary) process.exit(1);
		console.log(binary);
		return;
	}
	if (command === 'start') {
		const dataDir = process.env.DATA_DIR ?? './data';
		const appPort = Number(process.env.PORT ?? 3000);
		const port = Number(process.env.LIVEKIT_PORT ?? 7880);
		const udpPort = Number(process.env.LIVEKIT_UDP_PORT ?? 7882);
		const livekit = await startLivekit({ dataDir, appPort, port, udpPort, log: 'inherit' });
		if (!livekit) process.exit(1);
		console.log(
			`LiveKit on ${livekit.url} (API key ${livekit.apiKey}, secret in ${join(resolve(dataDir), 'livekit-secret')} ` +
				`unless LIVEKIT_API_SECRET is set; config ${livekit.configFile}). Ctrl-C to stop.`
		);
		const stop = () => void livekit.stop();
		process.on('SIGINT', stop);
		process.on('SIGTERM', stop);
		livekit.process.once('exit', (code) => process.exit(code ?? 0));
		return;
	}
	console.log('Usage: node scripts/livekit.mjs install | start');
	process.exit(2);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	main().catch((err) => {
		console.error(err instanceof Error ? err.message : err);
		process.exit(1);
	});
}
