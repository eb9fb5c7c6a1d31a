/**
 * Issue 17, faults: PostgreSQL restarted. The app reconnects without a restart of its own, and the requests
 * made while the database is away get a clear, translated 503 (Retry-After), not a crash or a 500.
 *
 * The shared PostgreSQL of the machine is never touched: this spec makes its own cluster (initdb into a
 * temporary folder, reachable only on a Unix socket there, as the `postgres` user when run as root), starts
 * the built app on it (`npm run build` first), stops the cluster (`pg_ctl stop -m fast`), then starts it again.
 * Only HTTP requests: no browser. Everything it started is stopped in afterAll, whatever failed.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { expect, request, test, type APIRequestContext } from '@playwright/test';

const fr = JSON.parse(readFileSync('messages/fr.json', 'utf8')) as Record<string, string>;
const en = JSON.parse(readFileSync('messages/en.json', 'utf8')) as Record<string, string>;

const APP_PORT = 4397;
const PG_PORT = 5497; // names the socket file only: the cluster listens on no TCP address
const app = `http://127.0.0.1:${APP_PORT}`;
const isRoot = process.getuid?.() === 0;

/** Debian's PostgreSQL programs (initdb, pg_ctl), newest version first. */
function pgBin(): string {
	const root = '/usr/lib/postgresql';
	const version = existsSync(root)
		? readdirSync(root)
				.filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
				.sort((a, b) => Number(b) - Number(a))[0]
		: undefined;
	if (!version) throw new Error('This spec needs PostgreSQL’s server programs (Debian: postgresql).');
	return join(root, version, 'bin');
}

let dir: string;
let postgresRunning = false;
let server: ChildProcess | undefined;
let client: APIRequestContext | undefined;
let token = '';
const logs: string[] = [];

/** Runs a PostgreSQL program as `postgres` (initdb refuses root); throws with its output when it fails. */
function asPostgres(program: string, args: string[]) {
	const [command, all] = isRoot ? ['runuser', ['-u', 'postgres', '--', program, ...args]] : [program, args];
	const result = spawnSync(command, all, { encoding: 'utf8', cwd: dir, timeout: 30_000 });
	if (result.status !== 0) throw new Error(`${program} ${args.join(' ')}: ${result.stderr}${result.stdout}`);
}

const pgCtl = (...args: string[]) => asPostgres(join(pgBin(), 'pg_ctl'), ['-D', join(dir, 'data'), ...args]);
const startPostgres = () =>
	pgCtl(
		'-l',
		join(dir, 'postgres.log'),
		'-w',
		'-o',
		`-p ${PG_PORT} -k ${dir} -c listen_addresses='' -c fsync=off`,
		'start'
	);
const databaseUrl = (database: string) => `postgres://postgres@localhost/${database}?host=${dir}&port=${PG_PORT}`;

test.beforeAll(async () => {
	test.setTimeout(60_000);
	dir = mkdtempSync(join(tmpdir(), 'tablee-pg-outage-'));
	if (isRoot) chownSync(dir, Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim()), 0);
	asPostgres(join(pgBin(), 'initdb'), ['-D', join(dir, 'data'), '-A', 'trust', '-U', 'postgres', '--no-sync']);
	startPostgres();
	postgresRunning = true;
	const admin = new pg.Client({ connectionString: databaseUrl('postgres') });
	await admin.connect();
	await admin.query('create database tablee');
	await admin.end();

	// The built app on that database, migrated at its start; nothing else (no LiveKit, its own DATA_DIR).
	const { LIVEKIT_URL: _url, ORIGIN: _origin, ...env } = process.env;
	server = spawn(process.execPath, ['build'], {
		env: {
			...env,
			DATABASE_URL: databaseUrl('tablee'),
			DATA_DIR: join(dir, 'app'),
			HOST: '127.0.0.1',
			PORT: String(APP_PORT),
			ORIGIN: app,
			NOTIFIER_EVERY_MS: '1000'
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	for (const stream of [server.stdout, server.stderr]) stream?.on('data', (chunk) => logs.push(String(chunk)));
	await expect
		.poll(async () => (await fetch(`${app}/login`).catch(() => null))?.status, {
			message: `the app answers on ${app}: ${logs.join('')}`,
			timeout: 30_000
		})
		.toBe(200);

	// One admin with a session, written straight into the database (seeding the demo club would take seconds).
	const db = new pg.Client({ connectionString: databaseUrl('tablee') });
	await db.connect();
	token = randomBytes(18).toString('base64url');
	const now = Date.now();
	await db.query(
		`insert into organisation (id, name, time_zone, created_at) values ('org1', 'Club', 'Europe/Paris', $1)`,
		[now]
	);
	await db.query(
		`insert into "user" (id, organisation_id, role, first_name, last_name, email, password_hash, pin_hash,
		   pin_reset_at, disabled_at, created_at)
		 values ('admin1', 'org1', 'admin', 'Ada', 'Admin', 'ada@club.test', null, null, null, null, $1)`,
		[now]
	);
	await db.query(`insert into session (id, user_id, expires_at, created_at) values ($1, 'admin1', $2, $3)`, [
		createHash('sha256').update(token).digest('hex'),
		now + 86_400_000,
		now
	]);
	await db.end();
	client = await request.newContext({ baseURL: app, maxRedirects: 0 });
});

test.afterAll(async () => {
	await client?.dispose();
	if (server && server.exitCode === null && server.signalCode === null) {
		const exited = new Promise((done) => server?.once('exit', done));
		server.kill('SIGTERM');
		const kill = setTimeout(() => server?.kill('SIGKILL'), 5_000);
		await exited;
		clearTimeout(kill);
	}
	if (postgresRunning) {
		try {
			pgCtl('-m', 'immediate', 'stop');
		} catch {
			// already stopped (the case failed while it was down)
		}
	}
	if (dir && !process.env.KEEP_OUTAGE_DIR) rmSync(dir, { recursive: true, force: true });
});

test('PostgreSQL stops: pages answer a translated 503, the app lives on and serves again once it is back', async () => {
	test.setTimeout(30_000);
	const http = client as APIRequestContext;
	const page = async (path: string, locale = 'fr') => {
		const res = await http.get(path, { headers: { cookie: `tablee_session=${token}; PARAGLIDE_LOCALE=${locale}` } });
		return { status: res.status(), text: await res.text(), retryAfter: res.headers()['retry-after'] };
	};

	await test.step('the database up: the page and /health answer 200', async () => {
		const before = await page('/notifications');
		expect(before.status).toBe(200);
		expect(before.text).toContain('Ada');
		const health = await http.get('/health');
		expect(health.status()).toBe(200);
		expect(await health.json()).toEqual({ status: 'ok', database: 'ok' });
	});

	await test.step('the database stopped: 503 with the message, in French and in English; the app lives on', async () => {
		pgCtl('-m', 'fast', 'stop');
		postgresRunning = false;
		const down = await page('/notifications');
		expect(down.status, down.text).toBe(503);
		expect(down.retryAfter).toBe('10');
		expect(down.text).toContain(fr.fault_db_unavailable);
		expect(down.text).toContain('lang="fr"');
		const english = await page('/notifications', 'en');
		expect(english.status).toBe(503);
		expect(english.text).toContain(en.fault_db_unavailable);
		expect(english.text).toContain('lang="en"');

		// A data request (client-side navigation) and /health: JSON bodies that say so.
		const data = await http.get('/notifications/__data.json', { headers: { cookie: `tablee_session=${token}` } });
		expect(data.status()).toBe(503);
		expect(await data.json()).toEqual({ message: fr.fault_db_unavailable });
		// /health says the database is unreachable, with or without a session.
		const anonymous = await request.newContext({ baseURL: app, maxRedirects: 0 });
		for (const context of [http, anonymous]) {
			const health = await context.get('/health');
			expect(health.status()).toBe(503);
			expect(await health.json()).toMatchObject({ status: 'unavailable', database: 'unreachable' });
		}

		// A form action that needs the database (no session: it fails inside the action, through handleError).
		const login = await anonymous.post('/login?/staff', {
			form: { email: 'ada@club.test', password: 'wrong-password-123' },
			headers: { origin: app, accept: 'text/html' }
		});
		expect(login.status()).toBe(503);
		expect(login.headers()['retry-after']).toBe('10');
		expect(await login.text()).toContain(fr.fault_db_unavailable);
		await anonymous.dispose();

		expect(server?.exitCode, logs.join('')).toBeNull();
		expect(server?.signalCode).toBeNull();
	});

	await test.step('the database started again: the same page answers 200, without restarting the app', async () => {
		startPostgres();
		postgresRunning = true;
		await expect.poll(async () => (await page('/notifications')).status, { timeout: 10_000 }).toBe(200);
		expect((await page('/notifications')).text).toContain('Ada');
		expect((await http.get('/health')).status()).toBe(200);
		expect(server?.exitCode).toBeNull();
	});
});
