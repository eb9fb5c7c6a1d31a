/**
 * Issue 17, acceptance 1 — Tablée beyond one machine, started by scripts/cluster.mjs inside the loopback-only
 * namespace: Redis, two livekit-server nodes sharing it, two app instances on one PostgreSQL database, nginx in
 * front. A facilitator on instance A and a participant on instance B (each addressed directly, each instance
 * giving its own LiveKit node) and a third person through the proxy are in one live room and see each other's
 * video; a feed post made on A reaches B's open page within 2 s; a reminder due during the test is sent once
 * although both instances run the notifier. Then the faults: the LiveKit node hosting the room is killed and
 * everyone is back in the room on the other node within 30 s (each instance's tickets name the node that
 * answers); instance A is killed and the page through the proxy keeps working.
 *
 * The cluster has its own PostgreSQL database (seeded with the demo club, dropped at the end), reached over
 * the Unix socket: the namespace has no route to the host's 127.0.0.1.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { RoomServiceClient } from 'livekit-server-sdk';
import pg from 'pg';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { startCluster, type Cluster } from '../scripts/cluster.mjs';
import { DEMO_COHORTS, STAFF, loginParticipant, loginStaff, t } from './helpers';
import { enterRoom, liveContext, tileFrames } from './live-helpers';

test.describe.configure({ mode: 'serial' });

const MINUTE = 60_000;
const socketUrl = (database: string) => {
	const url = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://tablee:tablee@127.0.0.1:5432/tablee_test');
	url.pathname = `/${database}`;
	url.searchParams.set('host', process.env.PGHOST_SOCKET ?? '/var/run/postgresql');
	return url.toString();
};

let cluster: Cluster;
let admin: pg.Client;
let db: pg.Client;
let dir: string;
const database = `tablee_cluster_${Date.now().toString(36)}`;
let cohortId: string;
let liveActivityId: string;
let soonActivityId: string;
const people: { name: string; id: string }[] = [];
let facilitatorId: string;
/** The facilitator on instance A, a participant on instance B, another through the proxy (the first case). */
let pages: { facilitator: Page; onB: Page; viaProxy: Page };

/** An activity of the demo cohort, written straight into the cluster's database. */
async function addActivity(title: string, startsAt: number): Promise<string> {
	const id = [...crypto.getRandomValues(new Uint8Array(16))]
		.map((b) => 'abcdefghijklmnopqrstuvwxyz234567'[b % 32])
		.join('');
	await db.query(
		`insert into activity (id, cohort_id, block_id, kind, title, starts_at, duration_minutes, objectives, optional,
		   room_name, cancelled_at, created_at, updated_at)
		 values ($1, $2, null, 'live', $3, $4, 120, '', 0, null, null, $5, $5)`,
		[id, cohortId, title, startsAt, Date.now()]
	);
	return id;
}

test.beforeAll(async () => {
	test.setTimeout(240_000);
	admin = new pg.Client({ connectionString: socketUrl('postgres') });
	await admin.connect();
	await admin.query(`create database "${database}"`);
	const databaseUrl = socketUrl(database);
	const seeded = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/seed.ts', '--without-history'], {
		env: { ...process.env, DATABASE_URL: databaseUrl },
		encoding: 'utf8'
	});
	expect(seeded.status, `the demo club is seeded: ${seeded.stderr}`).toBe(0);
	db = new pg.Client({ connectionString: databaseUrl });
	await db.connect();
	cohortId = (await db.query('select id from cohort where code = $1', [DEMO_COHORTS.now.code])).rows[0].id;
	const members = await db.query(
		`select u.id, u.first_name as name from cohort_member m join "user" u on u.id = m.user_id
		 where m.cohort_id = $1 and m.role = 'participant' order by u.first_name limit 2`,
		[cohortId]
	);
	people.push(...members.rows);
	liveActivityId = await addActivity('Atelier en direct (deux instances)', Date.now() - MINUTE);
	// Its "a quarter of an hour before" reminder is due as soon as the notifiers start.
	soonActivityId = await addActivity('Atelier bientôt (rappel)', Date.now() + 10 * MINUTE);
	dir = mkdtempSync(join(tmpdir(), 'tablee-cluster-'));
	cluster = await startCluster({
		dir,
		databaseUrl,
		appEnv: { NOTIFIER_EVERY_MS: '500', LIVEKIT_RECONCILE_MS: '2000', LOGIN_IP_MAX_FAILURES: '100000' }
	});
});

test.afterAll(async () => {
	await cluster?.stop();
	await db?.end();
	await admin?.query(`drop database if exists "${database}" with (force)`);
	await admin?.end();
	// KEEP_CLUSTER_DIR=1 keeps the logs (LiveKit nodes, instances, nginx) of a run to read them.
	if (dir && !process.env.KEEP_CLUSTER_DIR) rmSync(dir, { recursive: true, force: true });
});

async function pageOn(browser: Browser, base: string): Promise<Page> {
	return (await liveContext(browser, false, base)).newPage();
}

test('three people on two instances and two LiveKit nodes share one room; a post on A reaches B', async ({
	browser
}) => {
	test.setTimeout(180_000);
	const facilitator = await pageOn(browser, cluster.direct[0]);
	const onB = await pageOn(browser, cluster.direct[1]);
	const viaProxy = await pageOn(browser, cluster.url);
	pages = { facilitator, onB, viaProxy };
	await loginStaff(facilitator, STAFF.claire);
	await loginParticipant(onB, people[0].name, DEMO_COHORTS.now.code);
	await loginParticipant(viaProxy, people[1].name, DEMO_COHORTS.now.code);
	facilitatorId = (await db.query('select id from "user" where email = $1', [STAFF.claire])).rows[0].id;

	await test.step('each instance sends its browsers to its own LiveKit node', async () => {
		for (const [page, node] of [
			[facilitator, cluster.livekit[0].url],
			[onB, cluster.livekit[1].url]
		] as const) {
			const res = await page.request.get(`/rooms/${liveActivityId}/token`);
			expect(res.status()).toBe(200);
			expect((await res.json()).url).toBe(node);
		}
	});

	await test.step('all three join and each sees the two others’ video', async () => {
		await Promise.all([facilitator, onB, viaProxy].map((page) => enterRoom(page, liveActivityId)));
		const ids = [facilitatorId, people[0].id, people[1].id];
		for (const [i, page] of [facilitator, onB, viaProxy].entries())
			for (const other of ids.filter((_, j) => j !== i)) {
				// adaptiveStream pauses a video that is off screen: bring the tile into view first.
				await page.locator(`[data-identity="${other}"]`).first().scrollIntoViewIfNeeded();
				await expect
					.poll(async () => (await tileFrames(page, other).catch(() => ({ frames: 0 }))).frames, {
						message: `page ${i} shows ${other}'s video`,
						timeout: 30_000
					})
					.toBeGreaterThan(0);
			}
	});

	await test.step('both LiveKit nodes list the same three people in the room', async () => {
		for (const node of cluster.livekit) {
			const rooms = new RoomServiceClient(node.url.replace('ws://', 'http://'), node.apiKey, node.apiSecret);
			const listed = await rooms.listParticipants(`activity-${liveActivityId}`);
			expect(listed.map((p) => p.identity).sort()).toEqual([facilitatorId, people[0].id, people[1].id].sort());
		}
	});

	await test.step('a post made on instance A appears on instance B’s open feed within 2 s', async () => {
		await onB.goto(`/cohorts/${cohortId}/feed`);
		await expect(onB.locator('[data-live]')).toHaveAttribute('data-live', 'open');
		await facilitator.goto(`/cohorts/${cohortId}/feed`);
		const body = `Annonce des deux instances ${Date.now()}`;
		const form = facilitator.locator('form[action="?/post"]');
		await form.getByLabel(t('feed_field_kind'), { exact: true }).selectOption('announcement');
		await form.getByLabel(t('feed_field_body'), { exact: true }).fill(body);
		await form.getByRole('button', { name: t('feed_publish') }).click();
		await expect(facilitator.locator('article.post', { hasText: body })).toBeVisible();
		await expect(onB.locator('article.post', { hasText: body })).toBeVisible({ timeout: 2_000 });
	});
});

test('a reminder due while both instances run the notifier is sent once', async () => {
	const participants = Number(
		(
			await db.query(`select count(*) as n from cohort_member where cohort_id = $1 and role = 'participant'`, [
				cohortId
			])
		).rows[0].n
	);
	const reminders = async () =>
		(
			await db.query(`select user_id from notification where kind = 'reminder_soon' and href = $1`, [
				`/rooms/${soonActivityId}`
			])
		).rows.map((r) => r.user_id as string);
	const runs = async () =>
		Number((await db.query(`select runs from job_lease where name = 'notifier'`)).rows[0]?.runs ?? 0);
	await expect.poll(async () => (await reminders()).length, { timeout: 20_000 }).toBe(participants);
	// Several more ticks of the notifier pass (both instances alive): nobody gets it twice.
	const after = await runs();
	await expect.poll(runs, { timeout: 20_000 }).toBeGreaterThanOrEqual(after + 4);
	const sent = await reminders();
	expect(sent).toHaveLength(participants);
	expect(new Set(sent).size).toBe(participants);
	for (const app of cluster.apps) expect(app.process.exitCode, `${app.name} is still running`).toBeNull();
});

/** The cluster's LiveKit node that hosts a room, from the nodes' own logs (LiveKit's API does not say). */
function hostingNode(roomName: string): number {
	const logs = cluster.livekit.map((node) => readFileSync(node.logFile ?? '', 'utf8'));
	const ids = logs.map((log) => /starting LiveKit server.*?"nodeID": "(ND_\w+)"/.exec(log)?.[1]);
	// The latest choice, whichever node logged it (a room emptied and opened again may move).
	const selected = logs
		.flatMap((log) => [
			...log.matchAll(/^(\S+)\s.*selected node for room\s+\{"room": "([^"]+)", "selectedNodeID": "(ND_\w+)"\}/gm)
		])
		.filter((m) => m[2] === roomName)
		.sort((a, b) => a[1].localeCompare(b[1]))
		.map((m) => m[3]);
	const index = ids.indexOf(selected.at(-1));
	expect(index, `the node hosting ${roomName} (${selected.join(', ')} among ${ids.join(', ')})`).toBeGreaterThanOrEqual(
		0
	);
	return index;
}

test('the LiveKit node hosting the room dies: everyone is back on the other node; an app instance dies: the proxy goes on', async () => {
	test.setTimeout(240_000);
	const roomName = `activity-${liveActivityId}`;
	const everyone = [pages.facilitator, pages.onB, pages.viaProxy];
	await Promise.all([pages.facilitator, pages.onB].map((page) => enterRoom(page, liveActivityId)));
	await expect(pages.viaProxy.locator('.live-room')).toHaveAttribute('data-state', 'connected');
	const ids = [facilitatorId, people[0].id, people[1].id].sort();

	const host = hostingNode(roomName);
	const survivor = cluster.livekit[1 - host];
	const killedAt = Date.now();
	cluster.livekit[host].process.kill('SIGKILL');

	await test.step('within 30 s every page is back in the room, on the other node', async () => {
		// LiveKit lists the three on the surviving node (the room was opened again there), and each page says
		// it is connected. (A page whose signal went through the surviving node learns of the loss only when
		// its media stops: it may never show "Reconnexion…" for long enough to be seen.)
		const rooms = new RoomServiceClient(survivor.url.replace('ws://', 'http://'), survivor.apiKey, survivor.apiSecret);
		await expect
			.poll(async () => (await rooms.listParticipants(roomName).catch(() => [])).map((p) => p.identity).sort(), {
				timeout: killedAt + 30_000 - Date.now()
			})
			.toEqual(ids);
		for (const page of everyone)
			await expect(page.locator('.live-room')).toHaveAttribute('data-state', 'connected', {
				timeout: Math.max(killedAt + 30_000 - Date.now(), 1_000)
			});
		await expect
			.poll(async () => (await rooms.listParticipants(roomName).catch(() => [])).map((p) => p.identity).sort())
			.toEqual(ids);
	});

	await test.step('the stored minutes do not count the outage', async () => {
		// The surviving node reports the dead node's sessions as left 16–20 s after the kill, often after their new
		// sessions joined: wait until every session of before the kill is closed, then read what is stored.
		const presences = async (who: string) =>
			(
				await db.query(
					`select joined_at, left_at, last_seen_at from presence where room_name = $1 and user_id = $2
					 order by joined_at`,
					[roomName, who]
				)
			).rows as { joined_at: number; left_at: number | null; last_seen_at: number }[];
		// And the new sessions' "joined" webhooks, which the surviving node may send after (queued, on a busy machine).
		for (const who of ids) {
			await expect
				.poll(async () => (await presences(who)).filter((p) => p.joined_at < killedAt && p.left_at === null), {
					message: `${who}'s session of before the kill is closed`,
					timeout: 40_000
				})
				.toEqual([]);
			await expect
				.poll(async () => (await presences(who)).some((p) => p.joined_at > killedAt), {
					message: `${who} has a new session after the kill`,
					timeout: 20_000
				})
				.toBe(true);
		}
		// LiveKit dates its webhooks to the second: 2 s of tolerance on each edge of the outage.
		const TOLERANCE_MS = 2_000;
		for (const who of ids) {
			const rows = await presences(who);
			const back = rows.find((p) => p.joined_at > killedAt);
			expect(back, `${who} has a new session after the kill`).toBeDefined();
			const outage = { from: killedAt, to: back!.joined_at };
			// No stored presence covers the outage: from the kill to the new session's start.
			const counted = rows
				.map((p) => Math.min(p.left_at ?? p.last_seen_at, outage.to) - Math.max(p.joined_at, outage.from))
				.filter((ms) => ms > 0)
				.reduce((a, b) => a + b, 0);
			const oldEnd = Math.max(...rows.filter((p) => p.joined_at < killedAt).map((p) => p.left_at ?? p.last_seen_at));
			console.log(
				`${who}: ${outage.to - outage.from} ms from the kill to the new session, ${counted} ms of it counted;` +
					` the old session ends ${killedAt - oldEnd} ms before the kill`
			);
			expect(
				counted,
				`${who}: ms of the outage (${outage.to - outage.from} ms) counted as presence`
			).toBeLessThanOrEqual(TOLERANCE_MS);
		}
		// And the participants' stored minutes leave it out: at most the time since they first joined, less it.
		for (const who of [people[0].id, people[1].id]) {
			const back = (await presences(who)).find((p) => p.joined_at > killedAt)!;
			const readAt = Date.now();
			const row = (
				await db.query(`select seconds, first_joined_at from attendance where activity_id = $1 and user_id = $2`, [
					liveActivityId,
					who
				])
			).rows[0] as { seconds: number; first_joined_at: number };
			expect(row.seconds * 1000).toBeLessThanOrEqual(
				readAt - row.first_joined_at - (back.joined_at - killedAt) + TOLERANCE_MS
			);
		}
	});

	await test.step('instance A dies: the page through the proxy keeps working', async () => {
		await cluster.apps[0].stop('SIGKILL');
		for (let i = 0; i < 3; i++) {
			// nginx sends some of these to the dead instance first, then to B: none may fail.
			await pages.viaProxy.goto('/me');
			await expect(pages.viaProxy.getByRole('heading', { level: 1 })).toBeVisible();
		}
		await enterRoom(pages.viaProxy, liveActivityId);
	});
});
