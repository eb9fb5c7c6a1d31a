// Bench (not a test): load figures of issue 17, on ONE app instance and on TWO behind the nginx proxy, both
// started by scripts/cluster.mjs (Redis, two LiveKit nodes, the app instance(s) on PostgreSQL, nginx), in a
// database of its own (the demo club, seeded, plus PEOPLE participants of its current cohort with a session
// each), dropped at the end. Loopback only; every case bounded in count and time.
//
//   npm run build && npm run bench:load      (as root it runs in a loopback-only namespace; PostgreSQL is
//                                             reached over its Unix socket, BENCH_DATABASE_URL names the server)
//
// 1. Join tickets: GET /rooms/<activity>/token for a live activity, 200 requests/s for SECONDS s, each request
//    as the next of the PEOPLE participants (the ticket endpoint has no throttle of its own: only logins are
//    throttled, per account and per address). Target p99 ≤ 20 ms on one instance.
// 2. Webhooks: signed LiveKit events (participant_joined/left in the activity's room, JWT with the body's
//    sha256, as livekit-server sends them; in rounds as sessions go: the PEOPLE join, then they leave) posted
//    as fast as 32 connections go, up to WEBHOOKS events or SECONDS s; events/s acknowledged, then the
//    room_event rows counted: none lost. Target ≥ 1,000 events/s. Beside it, where the machine's time went.
// 3. SSE: PEOPLE concurrent streams of the cohort feed (/cohorts/<id>/feed/stream, each as another
//    participant; split between the instances when there are two), one post made on instance A by the
//    facilitator (the feed's form action): time from sending the post to its change on each stream.
//    Target p95 ≤ 1 s.
// 4. /me at 100 requests/s for SECONDS s, each request as the next participant. Target p95 ≤ 100 ms.
// Cases 1 and 4 are sent twice: at an even pace (one request every 1000/rate ms, open loop; latency from the
// moment a request was due to the end of its response), which is what "N requests/s" means for the targets;
// then by autocannon at the same rate, whose rate limit sends each second's requests in a burst at its start
// (20 connections at once), printed beside it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest, type ClientRequest } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { cpuSeconds, cpuSecondsBetween, cpuSecondsOf, machineTicks } from './cpu.ts';
import { inLoopbackNamespace } from './loopback.ts';

const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 500);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WEBHOOKS = Number(process.env.BENCH_WEBHOOKS ?? 30_000);
const SSE_WAIT_MS = 15_000;

await inLoopbackNamespace(main);

interface Latencies {
	p50: number;
	p95: number;
	p99: number;
	max: number;
	count: number;
}
interface RateResult extends Latencies {
	errors: number;
	perSecond: number;
}
interface WebhookResult {
	perSecond: number;
	acknowledged: number;
	refused: number;
	rows: number;
	lost: number;
	/** Where the machine's time went during the case: busy % of all cores; CPU ms per row of PostgreSQL, nginx, the bench. */
	machine: { busy: number; postgres: number; nginx: number; bench: number };
}
interface SseResult extends Latencies {
	opened: number;
	missed: number;
}
interface Figures {
	/** At an even pace (the target's reading); the same rate as autocannon sends it, in bursts each second. */
	tickets: RateResult;
	ticketBursts: RateResult;
	meBursts: RateResult;
	webhooks: WebhookResult;
	sse: SseResult;
	me: RateResult;
	/** CPU time the app instances spent per request answered (ms), by case: what one core can serve. */
	cpu: { tickets: number; webhooks: number; me: number };
}

function percentiles(values: number[]): Latencies {
	const sorted = [...values].sort((a, b) => a - b);
	const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
	return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted.at(-1) ?? NaN, count: sorted.length };
}

async function main() {
	const autocannon = (await import('autocannon')).default;
	const pg = (await import('pg')).default;
	const { startCluster, CLUSTER_PORTS } = await import('../scripts/cluster.mjs');
	const { REPO_ROOT } = await import('../scripts/livekit.mjs');
	const { createDb } = await import('#lib/server/db/index.ts');
	const { newId } = await import('#lib/server/db/ids.ts');
	const { createSession, generateSessionToken, SESSION_COOKIE } = await import('#lib/server/auth/session.ts');
	const { activityRoomName } = await import('#lib/server/livekit/room-names.ts');
	const { signedWebhook } = await import('#lib/server/livekit/signed-webhook.ts');
	const { DEMO_COHORTS, DEMO_STAFF } = await import('#lib/server/seed/demo.ts');

	if (!existsSync(join(REPO_ROOT, 'build', 'index.js'))) throw new Error('Build the app first: npm run build');
	const serverUrl = new URL(
		process.env.BENCH_DATABASE_URL ?? 'postgres://tablee:tablee@localhost/postgres?host=/var/run/postgresql'
	);
	const database = `tablee_load_${Date.now().toString(36)}`;
	const urlOf = (name: string) => Object.assign(new URL(serverUrl), { pathname: `/${name}` }).toString();
	const databaseUrl = urlOf(database);
	const admin = new pg.Client({ connectionString: urlOf('postgres') });
	await admin.connect();
	await admin.query(`create database "${database}"`);
	const db = createDb({ databaseUrl });
	const results: Figures[] = [];
	try {
		const seeded = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/seed.ts', '--without-history'], {
			cwd: REPO_ROOT,
			env: { ...process.env, DATABASE_URL: databaseUrl },
			encoding: 'utf8'
		});
		if (seeded.status !== 0) throw new Error(`seeding failed: ${seeded.stderr}`);

		// The world: the demo cohort, its facilitator, a live activity now, PEOPLE more participants.
		const now = Date.now();
		const cohort = await db
			.selectFrom('cohort')
			.select(['id', 'organisation_id'])
			.where('code', '=', DEMO_COHORTS.now.code)
			.executeTakeFirstOrThrow();
		const facilitator = await db
			.selectFrom('user')
			.select('id')
			.where('email', '=', DEMO_STAFF.facilitatorNow.email)
			.executeTakeFirstOrThrow();
		const activityId = newId();
		await db
			.insertInto('activity')
			.values({
				id: activityId,
				cohort_id: cohort.id,
				block_id: null,
				kind: 'live',
				title: 'Atelier en direct (charge)',
				starts_at: now - 60_000,
				duration_minutes: 120,
				objectives: '',
				optional: 0,
				room_name: null,
				cancelled_at: null,
				created_at: now,
				updated_at: now
			})
			.execute();
		const letters = (n: number) =>
			n.toString(26).replace(/[0-9a-p]/g, (c) => 'abcdefghijklmnopqrstuvwxyz'[parseInt(c, 26)]);
		const people = Array.from({ length: PEOPLE }, (_, i) => ({ id: newId(), firstName: `Charge${letters(i)}` }));
		await db
			.insertInto('user')
			.values(
				people.map((p) => ({
					id: p.id,
					organisation_id: cohort.organisation_id,
					role: 'participant' as const,
					first_name: p.firstName,
					last_name: null,
					email: null,
					password_hash: null,
					pin_hash: null,
					disabled_at: null,
					created_at: now
				}))
			)
			.execute();
		await db
			.insertInto('cohort_member')
			.values(
				people.map((p) => ({
					cohort_id: cohort.id,
					user_id: p.id,
					role: 'participant' as const,
					name_key: p.firstName.toLowerCase(),
					peer_ambassador: 0,
					joined_at: now
				}))
			)
			.execute();
		const cookieOf = async (userId: string) => {
			const token = generateSessionToken();
			await createSession(db, token, userId, now);
			return `${SESSION_COOKIE}=${token}`;
		};
		const cookies: string[] = [];
		for (const p of people) cookies.push(await cookieOf(p.id));
		const facilitatorCookie = await cookieOf(facilitator.id);
		const roomName = activityRoomName(activityId);

		/** autocannon at a fixed rate, each request as the next person; latencies of the 200s. */
		const atRate = async (url: string, rate: number): Promise<RateResult> => {
			let next = 0;
			const times: number[] = [];
			let errors = 0;
			const instance = autocannon({
				url,
				connections: 20,
				overallRate: rate,
				duration: SECONDS,
				timeout: 10,
				requests: [
					{
						setupRequest: (req) => ({ ...req, headers: { ...req.headers, cookie: cookies[next++ % cookies.length] } })
					}
				]
			});
			instance.on('response', (_client, status, _bytes, ms) => (status === 200 ? times.push(ms) : errors++));
			const result = await instance;
			return {
				...percentiles(times),
				errors: errors + result.errors + result.timeouts,
				perSecond: times.length / SECONDS
			};
		};

		/**
		 * The same requests at an even pace: one every 1000/rate ms whatever the answers (an open loop), each as
		 * the next person, over keep-alive connections; latency from the moment the request was due to the end of
		 * its response. autocannon's rate limit lets each connection send its share of a second as fast as it can
		 * at the start of that second (lib/httpClient.js: a per-second counter reset by a 1 s interval), so its
		 * latencies are those of a burst of `connections` requests at once, every second: both are printed.
		 */
		const paced = async (url: string, rate: number): Promise<RateResult> => {
			const agent = new Agent({ keepAlive: true, maxSockets: 64 });
			const times: number[] = [];
			let errors = 0;
			const answers: Promise<void>[] = [];
			const start = performance.now();
			for (let i = 0; i < rate * SECONDS; i++) {
				const due = start + (i * 1000) / rate;
				const wait = due - performance.now();
				if (wait > 0) await new Promise((r) => setTimeout(r, wait));
				const cookie = cookies[i % cookies.length];
				answers.push(
					new Promise<void>((resolve) => {
						const req = httpRequest(url, { agent, headers: { cookie }, timeout: 10_000 }, (res) => {
							res.resume();
							res.on('end', () => {
								if (res.statusCode === 200) times.push(performance.now() - due);
								else errors++;
								resolve();
							});
						});
						req.on('timeout', () => req.destroy(new Error('timeout')));
						req.on('error', () => {
							errors++;
							resolve();
						});
						req.end();
					})
				);
			}
			await Promise.all(answers);
			agent.destroy();
			return { ...percentiles(times), errors, perSecond: times.length / SECONDS };
		};

		/** Signed webhooks as fast as possible; then the rows in room_event. */
		const webhooks = async (
			url: string,
			tag: string,
			{ apiKey, apiSecret }: { apiKey: string; apiSecret: string }
		): Promise<WebhookResult> => {
			const signed: { body: string; authorization: string }[] = [];
			for (let from = 0; from < WEBHOOKS; from += 500) {
				const batch = Array.from({ length: Math.min(500, WEBHOOKS - from) }, async (_, k) => {
					const i = from + k;
					// Rounds as a session goes: everyone joins, then everyone leaves; again.
					const round = i % (2 * people.length);
					const person = people[round % people.length];
					return signedWebhook(
						{
							event: round < people.length ? 'participant_joined' : 'participant_left',
							id: `EV_load_${tag}_${i}`,
							createdAt: String(Math.floor(Date.now() / 1000)),
							room: { name: roomName },
							participant: { identity: person.id, sid: `PA_${person.id}` }
						},
						apiKey,
						apiSecret
					);
				});
				signed.push(...(await Promise.all(batch)));
			}
			let next = 0;
			let acknowledged = 0;
			let refused = 0;
			const [ticks, postgres, nginx, bench] = [
				machineTicks(),
				cpuSecondsOf(['postgres']),
				cpuSecondsOf(['nginx']),
				process.cpuUsage()
			];
			const instance = autocannon({
				url,
				method: 'POST',
				connections: 32,
				amount: WEBHOOKS,
				timeout: 10,
				requests: [
					{
						setupRequest: (req) => {
							const hook = signed[next++];
							if (!hook) return req; // past the last one: autocannon stops at `amount`
							return {
								...req,
								body: hook.body,
								headers: {
									...req.headers,
									'content-type': 'application/webhook+json',
									authorization: hook.authorization
								}
							};
						}
					}
				]
			});
			instance.on('response', (_client, status) => (status === 200 ? acknowledged++ : refused++));
			const stop = setTimeout(() => instance.stop(), SECONDS * 1000 + 2000);
			const result = await instance;
			clearTimeout(stop);
			const [ticksAfter, benchAfter] = [machineTicks(), process.cpuUsage(bench)];
			const [postgresAfter, nginxAfter] = [cpuSecondsOf(['postgres']), cpuSecondsOf(['nginx'])];
			const { rows } = await db
				.selectFrom('room_event')
				.select((eb) => eb.fn.countAll<number>().as('rows'))
				.where('id', 'like', `EV_load_${tag}_%`)
				.executeTakeFirstOrThrow();
			return {
				perSecond: acknowledged / (result.duration || 1),
				acknowledged,
				refused: refused + result.errors + result.timeouts,
				rows: Number(rows),
				lost: Math.max(0, acknowledged - Number(rows)),
				machine: {
					busy: (100 * (ticksAfter.busy - ticks.busy)) / (ticksAfter.all - ticks.all),
					postgres: (cpuSecondsBetween(postgres, postgresAfter) * 1000) / Math.max(1, Number(rows)),
					nginx: (cpuSecondsBetween(nginx, nginxAfter) * 1000) / Math.max(1, Number(rows)),
					bench: (benchAfter.user + benchAfter.system) / 1000 / Math.max(1, Number(rows))
				}
			};
		};

		/** PEOPLE feed streams across `bases`; one post on `postBase`; when the change reaches each stream. */
		const sse = async (bases: string[], postBase: string): Promise<SseResult> => {
			const streams: { req: ClientRequest; arrived?: number }[] = [];
			let sentAt = Infinity;
			const opened = await Promise.all(
				cookies.map(
					(cookie, i) =>
						new Promise<boolean>((done) => {
							const stream: { req: ClientRequest; arrived?: number } = {
								req: httpRequest(`${bases[i % bases.length]}/cohorts/${cohort.id}/feed/stream`, {
									agent: false,
									headers: { cookie, accept: 'text/event-stream' }
								})
							};
							streams.push(stream);
							let buffer = '';
							const timer = setTimeout(() => done(false), SSE_WAIT_MS);
							stream.req.on('response', (res) => {
								if (res.statusCode !== 200) return done(false);
								res.setEncoding('utf8');
								res.on('data', (chunk: string) => {
									buffer += chunk;
									if (buffer.includes(': listening')) {
										clearTimeout(timer);
										done(true);
									}
									if (stream.arrived === undefined && buffer.includes('"change":"post"')) {
										stream.arrived = performance.now() - sentAt;
									}
								});
							});
							stream.req.on('error', () => done(false));
							stream.req.end();
						})
				)
			);
			try {
				const body = new URLSearchParams({ kind: 'announcement', body: `Charge : un message pour ${PEOPLE}.` });
				sentAt = performance.now();
				const res = await fetch(`${postBase}/cohorts/${cohort.id}/feed?/post`, {
					method: 'POST',
					headers: {
						cookie: facilitatorCookie,
						origin: postBase,
						'content-type': 'application/x-www-form-urlencoded',
						'x-sveltekit-action': 'true'
					},
					body
				});
				const answer = await res.text();
				if (!res.ok || !answer.includes('"type":"success"')) throw new Error(`the post failed: ${answer}`);
				const deadline = Date.now() + SSE_WAIT_MS;
				while (Date.now() < deadline && streams.some((s, i) => opened[i] && s.arrived === undefined)) {
					await new Promise((r) => setTimeout(r, 50));
				}
			} finally {
				for (const s of streams) s.req.destroy();
			}
			const times = streams.flatMap((s) => (s.arrived === undefined ? [] : [s.arrived]));
			return { ...percentiles(times), opened: opened.filter(Boolean).length, missed: PEOPLE - times.length };
		};

		let cluster: Awaited<ReturnType<typeof startCluster>> | undefined;
		for (const instances of [1, 2]) {
			const dir = mkdtempSync(join(tmpdir(), 'tablee-load-'));
			const ports = instances === 1 ? { ...CLUSTER_PORTS, apps: [4311], direct: [4301] } : CLUSTER_PORTS;
			console.log(`Starting the topology with ${instances} app instance(s)…`);
			try {
				cluster = await startCluster({ dir, databaseUrl, ports });
				const base = cluster.url;
				// Warm-up (not counted): both paced endpoints 200 times each, one after the other, so that the first
				// requests of a case do not pay for the JIT (they were the slowest 1 % of the tickets' case).
				for (const path of [`/rooms/${activityId}/token`, '/me'])
					for (let i = 0; i < 200; i++)
						await fetch(`${base}${path}`, { headers: { cookie: cookies[i % cookies.length] } }).then((r) =>
							r.arrayBuffer()
						);
				console.log('  join tickets…');
				const pids = cluster.apps.map((a) => a.process.pid ?? 0);
				/** Runs a case; and the app's CPU ms per request it answered. */
				const measured = async <T>(run: () => Promise<T>, answered: (r: T) => number) => {
					const before = cpuSeconds(pids);
					const figures = await run();
					return [figures, ((cpuSeconds(pids) - before) * 1000) / Math.max(1, answered(figures))] as const;
				};
				const [tickets, ticketCpu] = await measured(
					() => paced(`${base}/rooms/${activityId}/token`, 200),
					(r) => r.count + r.errors
				);
				const ticketBursts = await atRate(`${base}/rooms/${activityId}/token`, 200);
				console.log('  webhooks…');
				const [hooks, hookCpu] = await measured(
					() => webhooks(`${base}/api/livekit/webhook`, `${instances}`, cluster.livekit[0]),
					(w) => w.rows
				);
				console.log('  feed streams…');
				const streams = await sse(cluster.direct, cluster.direct[0]);
				console.log('  /me…');
				const [me, meCpu] = await measured(
					() => paced(`${base}/me`, 100),
					(r) => r.count + r.errors
				);
				const meBursts = await atRate(`${base}/me`, 100);
				results.push({
					tickets,
					ticketBursts,
					meBursts,
					webhooks: hooks,
					sse: streams,
					me,
					cpu: { tickets: ticketCpu, webhooks: hookCpu, me: meCpu }
				});
			} finally {
				await cluster?.stop();
				cluster = undefined;
				if (!process.env.KEEP_CLUSTER_DIR) rmSync(dir, { recursive: true, force: true });
			}
		}
	} finally {
		await db.destroy();
		await admin.query(`drop database if exists "${database}" with (force)`);
		await admin.end();
	}
	printTable(results);
}

function printTable([one, two]: Figures[]) {
	const ms = (n: number) => (n < 10 ? n.toFixed(1) : Math.round(n).toString());
	const rate = (r: RateResult) =>
		`p50 ${ms(r.p50)} / p95 ${ms(r.p95)} / p99 ${ms(r.p99)} ms; ` +
		`${r.count} ok, ${r.errors} err (${Math.round(r.perSecond)}/s)`;
	const hooks = (w: WebhookResult) =>
		`${Math.round(w.perSecond)} events/s; ${w.acknowledged} ok, ${w.refused} refused, ${w.rows} rows, ${w.lost} lost`;
	const machine = ({ machine: m }: WebhookResult) =>
		`machine ${Math.round(m.busy)} % busy; CPU ms/event: PostgreSQL ${ms(m.postgres)}, nginx ${ms(m.nginx)}, ` +
		`this bench (autocannon) ${ms(m.bench)}`;
	const streams = (s: SseResult) =>
		`p50 ${ms(s.p50)} / p95 ${ms(s.p95)} / max ${ms(s.max)} ms; ${s.opened} open, ${s.missed} missed`;
	const cpu = (n: number) => `; app CPU ${ms(n)} ms/req`;
	const rows: [string, string, (f: Figures) => string][] = [
		['Join tickets, 200 req/s', 'p99 ≤ 20 ms (1 instance)', (f) => rate(f.tickets) + cpu(f.cpu.tickets)],
		['  the same, autocannon', '(bursts each second)', (f) => rate(f.ticketBursts)],
		['Signed webhooks, max rate', '≥ 1,000 events/s, none lost', (f) => hooks(f.webhooks) + cpu(f.cpu.webhooks)],
		['  where the time went', '', (f) => machine(f.webhooks)],
		[`${PEOPLE} feed streams, one post`, 'p95 ≤ 1 s', (f) => streams(f.sse)],
		['/me, 100 req/s', 'p95 ≤ 100 ms', (f) => rate(f.me) + cpu(f.cpu.me)],
		['  the same, autocannon', '(bursts each second)', (f) => rate(f.meBursts)]
	];
	const cells = rows.map(([name, target, cell]) => [
		name,
		target,
		`1 instance:  ${cell(one)}`,
		`2 instances: ${cell(two)}`
	]);
	const [a, b, c] = [0, 1, 2].map((k) =>
		Math.max(...cells.map((r) => (k === 2 ? Math.max(r[2].length, r[3].length) : r[k].length)))
	);
	console.log(
		`\nTablée load figures (issue 17): ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ` +
			`load average ${loadavg()
				.map((l) => l.toFixed(1))
				.join(' ')} at the end; ${SECONDS} s per case, ${PEOPLE} people.`
	);
	console.log('One instance: nginx → instance A; two: nginx → A + B (feed streams split over A and B, post on A).');
	console.log('App CPU: user + system time of the app instance(s) during the case, per request answered.\n');
	const line = (x: string, y: string, z: string) => `| ${x.padEnd(a)} | ${y.padEnd(b)} | ${z.padEnd(c)} |`;
	console.log(line('Case', 'Target', 'Measured'));
	console.log(line('-'.repeat(a), '-'.repeat(b), '-'.repeat(c)));
	for (const [name, target, first, second] of cells) {
		console.log(line(name, target, first));
		console.log(line('', '', second));
	}
}
