// `npm test`: the whole suite, the one command a newcomer and CI run (.ci/run ends with it).
//
// 1. What the suite needs: Debian's Chromium, Redis and nginx, the test PostgreSQL, a LiveKit server. When one
//    of the first four is missing it runs the set-up part of .ci/run (apt, PostgreSQL cluster, role, database:
//    root or sudo); a missing LiveKit server is built with Go (no root needed).
// 2. The phases, each timed: i18n (the messages), then check (types, lint) beside vitest (unit + both engines),
//    build, e2e (Playwright in a loopback-only namespace).
// 3. Nothing left behind: every process the suite starts carries TABLEE_TEST_RUN=<this run> in its
//    environment; at the end any process still holding it is listed, killed, and fails the run.
//
// TEST_SKIP_SETUP=1 skips step 1 (the suite then fails where something is missing).
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import pg from 'pg';
import { killLeftovers, RUN_MARK } from './leftovers.mjs';
import { findLivekitBinary, installLivekit, REPO_ROOT } from './livekit.mjs';

const runId = randomUUID();
const env = { ...process.env, [RUN_MARK]: runId };
const isRoot = process.getuid?.() === 0;
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const testDatabaseUrl = process.env.TEST_DATABASE_URL ?? 'postgres://tablee:tablee@127.0.0.1:5432/tablee_test';

/** @type {{ name: string, seconds: number, ok: boolean }[]} */
const timings = [];
let interrupted = false;
process.on('SIGINT', () => (interrupted = true)); // the children get it from the terminal; we still clean up
process.on('SIGTERM', () => (interrupted = true));

/**
 * Runs one phase, timed. `held`: its output is kept and printed in one piece when it ends (a phase that runs
 * beside another).
 * @param {string} name @param {string} command @param {string[]} args
 * @param {{ env?: NodeJS.ProcessEnv, held?: boolean }} [options]
 */
async function phase(name, command, args, { env: phaseEnv = env, held = false } = {}) {
	const title = `\n=== ${name}: ${[command, ...args].join(' ')}`;
	if (!held) console.log(title);
	const started = performance.now();
	/** @type {Buffer[]} */
	const output = [];
	const code = await new Promise((done) => {
		const child = spawn(command, args, {
			stdio: held ? ['ignore', 'pipe', 'pipe'] : 'inherit',
			env: phaseEnv,
			cwd: REPO_ROOT
		});
		if (held) for (const stream of [child.stdout, child.stderr]) stream?.on('data', (chunk) => output.push(chunk));
		child.once('error', (err) => (output.push(Buffer.from(`${err.message}\n`)), done(1)));
		child.once('close', (status, signal) => done(status ?? (signal ? 1 : 0)));
	});
	const seconds = (performance.now() - started) / 1000;
	timings.push({ name, seconds, ok: code === 0 });
	if (held) {
		console.log(title);
		process.stdout.write(Buffer.concat(output));
	} else if (output.length) process.stderr.write(Buffer.concat(output));
	console.log(`--- ${name}: ${seconds.toFixed(1)} s${code === 0 ? '' : ` (failed, exit ${code})`}`);
	return code === 0;
}

async function postgresAnswers() {
	const client = new pg.Client({ connectionString: testDatabaseUrl, connectionTimeoutMillis: 3000 });
	try {
		await client.connect();
		await client.query('select 1');
		return true;
	} catch {
		return false;
	} finally {
		await client.end().catch(() => {});
	}
}

/** Step 1. Returns false (having said why in a line) when the suite cannot run. */
async function setUp() {
	const missing = [];
	if (!existsSync(chromium)) missing.push(`Chromium (${chromium})`);
	// The two-instance topology (scripts/cluster.mjs): Debian's Redis and nginx.
	for (const [name, file] of [
		['Redis', '/usr/bin/redis-server'],
		['nginx', '/usr/sbin/nginx']
	])
		if (!existsSync(file)) missing.push(`${name} (${file})`);
	if (!(await postgresAnswers()))
		missing.push(`the test PostgreSQL (${testDatabaseUrl.replace(/:[^:@/]*@/, ':***@')})`);
	if (missing.length > 0) {
		console.log(`The suite needs ${missing.join(' and ')}, not found.`);
		const canSudo = !isRoot && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
		if (!isRoot && !canSudo) {
			console.log(
				"Installing it needs root: run `sudo npm test` (it runs .ci/run's set-up: Debian packages, PostgreSQL), " +
					'or install it yourself (README, "Tests") and set TEST_DATABASE_URL.'
			);
			return false;
		}
		console.log(".ci/run's set-up installs it (Debian packages, PostgreSQL cluster, role and database).");
		// Without this run's mark: the PostgreSQL it may start is meant to outlive the suite.
		const setup = await phase('setup', 'bash', ['.ci/run'], {
			env: { ...process.env, CI_SKIP_NPM: '1', CI_SKIP_TESTS: '1' }
		});
		if (!setup) return false;
	}
	if (!findLivekitBinary() && !installLivekit()) {
		console.log('The browser suite and the LiveKit tests need a LiveKit server: install Go, then run npm test again.');
		return false;
	}
	return true;
}

/** Step 3: lists, kills and reports what the suite left running. */
async function checkNothingLeft() {
	const left = await killLeftovers(runId);
	if (left.length === 0) {
		console.log('\nNo process started by the suite is left running.');
		return true;
	}
	console.log(`\n${left.length} process(es) started by the suite were still running (killed now):`);
	for (const { pid, command } of left) console.log(`  ${pid}  ${command}`);
	return false;
}

let ok = process.env.TEST_SKIP_SETUP === '1' || (await setUp());
const phasesStarted = performance.now();
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
/** @param {string} name @param {string} script @param {boolean} [held] */
const npmPhase = (name, script, held) => phase(name, npm, ['run', '--silent', script], { held });
// The messages once; then the static checks (CPU: both cores) beside Vitest (mostly waiting on PostgreSQL and
// the disk), which never write what the checks read (vite.config.ts, svelte.config.js); then the build, then
// the browser suite, which need the whole machine.
const steps = [
	() => npmPhase('i18n', 'i18n'),
	async () =>
		(await Promise.all([npmPhase('check', 'check:static', true), npmPhase('vitest', 'test:unit', true)])).every(
			Boolean
		),
	() => npmPhase('build', 'build'),
	() => npmPhase('e2e', 'test:e2e')
];
for (const step of steps) {
	if (!ok || interrupted) break;
	ok = await step();
}
const clean = await checkNothingLeft();

console.log('\n=== npm test timings');
for (const t of timings)
	console.log(`  ${t.name.padEnd(8)} ${t.seconds.toFixed(1).padStart(7)} s${t.ok ? '' : '  failed'}`);
// From the first phase to the last (check and vitest overlap: not the sum of the lines above).
console.log(`  ${'total'.padEnd(8)} ${((performance.now() - phasesStarted) / 1000).toFixed(1).padStart(7)} s`);
process.exit(ok && clean && !interrupted ? 0 : 1);
