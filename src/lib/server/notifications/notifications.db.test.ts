// Reminders sent once per person per rule (restarts and repeated runs change nothing, cancelled
// activities get none), web pushes built, encrypted and VAPID-signed for each subscriber and sent
// to a local HTTP server standing in for the push service, and private calendar feeds.
import { createECDH, createHmac, createDecipheriv, createPublicKey, randomBytes, verify } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '#lib/server/http/errors.ts';
import type { Db } from '#lib/server/db/index.ts';
import { addCohortAActivity, memberIds, type ActivityDraft, useSeededTestDb } from '#lib/server/db/test-fixtures.ts';
import { calendarFeedText, renewCalendarFeed, revokeCalendarFeed } from '#lib/server/calendar/calendar.ts';
import type { DemoActors } from '#lib/server/seed/demo-actors.ts';
import { listNotifications, markRead, notify, unreadCount } from './notifications.ts';
import { deliverPendingPushes, loadOrCreateVapidKeys, savePushSubscription, type VapidKeys } from './push.ts';
import type { Actor } from '#lib/server/auth/policy.ts';
import { sendDueReminders } from './reminders.ts';

const MIN = 60_000;
const NOW = Date.parse('2026-11-22T10:00:00Z');

let db: Db;
let actors: DemoActors;

useSeededTestDb(NOW, (seeded) => ({ db, actors } = seeded));

const participantsOf = (cohortId: string) => memberIds(db, cohortId, 'participant');
/** An activity of cohort A, added by its facilitator (at NOW unless said otherwise). */
const addToCohortA = (draft: ActivityDraft, at = NOW) => addCohortAActivity(db, actors, draft, at);
const remindersFor = async (activityId: string) =>
	db.selectFrom('notification').select(['user_id', 'kind']).where('dedupe_key', 'like', `%:${activityId}:%`).execute();

describe(`reminders on ${process.env.TEST_DB}`, () => {
	it('sends exactly one reminder per person per rule, however often the scheduler runs', async () => {
		// A live activity on Tuesday 24 November 2026, 09:30 Paris (08:30 UTC).
		const id = await addToCohortA({ kind: 'live', title: 'Rappel test', date: '2026-11-24', time: '09:30' });
		const starts = Date.parse('2026-11-24T08:30:00Z');
		const people = await participantsOf(actors.cohortA.id);
		expect(people.length).toBeGreaterThanOrEqual(10);

		// Before the evening before (18:00 Paris on Monday = 17:00 UTC): nothing.
		await sendDueReminders(db, Date.parse('2026-11-23T16:59:00Z'));
		expect(await remindersFor(id)).toEqual([]);
		// The evening before: one each. Run again, as a restarted app would: still one each.
		await sendDueReminders(db, Date.parse('2026-11-23T17:00:30Z'));
		await sendDueReminders(db, Date.parse('2026-11-23T17:05:00Z'));
		let sent = await remindersFor(id);
		expect(
			sent
				.filter((n) => n.kind === 'reminder_evening')
				.map((n) => n.user_id)
				.sort()
		).toEqual([...people].sort());
		// 15 minutes before: the second rule, once each; the first is not sent again.
		await sendDueReminders(db, starts - 15 * MIN);
		await sendDueReminders(db, starts - 10 * MIN);
		sent = await remindersFor(id);
		expect(
			sent
				.filter((n) => n.kind === 'reminder_soon')
				.map((n) => n.user_id)
				.sort()
		).toEqual([...people].sort());
		expect(sent).toHaveLength(2 * people.length);
		// Once it has started, nothing more.
		await sendDueReminders(db, starts + MIN);
		expect(await remindersFor(id)).toHaveLength(2 * people.length);
		// Nobody outside the cohort was reminded.
		expect(sent.every((n) => people.includes(n.user_id))).toBe(true);
	});

	it('sends none for a cancelled activity, and reminds of async work the day before it is due', async () => {
		const cancelled = await addToCohortA({ kind: 'live', title: 'Annulée', date: '2026-11-25', time: '09:30' });
		await db.updateTable('activity').set({ cancelled_at: NOW }).where('id', '=', cancelled).execute();
		await sendDueReminders(db, Date.parse('2026-11-24T17:01:00Z'));
		await sendDueReminders(db, Date.parse('2026-11-25T08:16:00Z'));
		expect(await remindersFor(cancelled)).toEqual([]);

		const homework = await addToCohortA({
			kind: 'async',
			title: 'Mon CV',
			date: '2026-11-26',
			time: '09:00',
			durationMinutes: 120
		});
		const due = Date.parse('2026-11-26T10:00:00Z'); // 11:00 Paris
		await sendDueReminders(db, due - 24 * 60 * MIN - MIN);
		expect(await remindersFor(homework)).toEqual([]);
		await sendDueReminders(db, due - 24 * 60 * MIN + MIN);
		const sent = await remindersFor(homework);
		expect(sent.map((n) => n.kind)).toEqual(
			new Array((await participantsOf(actors.cohortA.id)).length).fill('reminder_due')
		);

		// An assignment due three days after its session: reminded the day before that date, not before.
		const later = await addToCohortA({ kind: 'async', title: 'Lettre', date: '2026-11-26', time: '14:00' });
		const dueAt = Date.parse('2026-11-29T17:00:00Z');
		await db
			.insertInto('assignment')
			.values({
				activity_id: later,
				instructions: 'Écrire une lettre.',
				link: null,
				attachment_id: null,
				attachment_name: null,
				attachment_mime: null,
				attachment_size: null,
				attachment_sha256: null,
				due_at: dueAt,
				mode: 'individual',
				group_size: null,
				updated_by: actors.facilitatorA.id,
				updated_at: NOW
			})
			.execute();
		await sendDueReminders(db, Date.parse('2026-11-26T12:00:00Z'));
		expect(await remindersFor(later)).toEqual([]);
		await sendDueReminders(db, dueAt - 24 * 60 * MIN + MIN);
		expect(await remindersFor(later)).toHaveLength((await participantsOf(actors.cohortA.id)).length);
	});

	it('sends only the latest reminder when two are due at once: an activity added at 23:50 for just after midnight', async () => {
		// Wednesday 25 November 2026, 00:04 Paris (Tuesday 23:04 UTC); added on Tuesday at 23:50 Paris,
		// when both its evening-before reminder (Tuesday 18:00) and its 15-minute one are due.
		const addedAt = Date.parse('2026-11-24T22:50:00Z');
		const id = await addToCohortA(
			{ kind: 'live', title: 'Minuit', date: '2026-11-25', time: '00:04', durationMinutes: 30 },
			addedAt
		);
		await sendDueReminders(db, addedAt);
		await sendDueReminders(db, addedAt + 5 * MIN);
		const sent = await remindersFor(id);
		expect(sent.map((n) => n.kind)).toEqual(
			new Array((await participantsOf(actors.cohortA.id)).length).fill('reminder_soon')
		);
	});

	it('lists my notifications only, counts the unread ones, and marks them read', async () => {
		const mine = await listNotifications(db, actors.participantA);
		expect(mine.length).toBeGreaterThan(0);
		expect(await listNotifications(db, actors.participantB)).toEqual([]);
		const unread = await unreadCount(db, actors.participantA);
		expect(unread).toBe(mine.length);
		// Not theirs: nothing happens, and they are told it was not found (issue 16), not "saved".
		const notTheirs = await markRead(db, actors.participantB, mine[0].id).catch((e) => e);
		expect(notTheirs).toBeInstanceOf(DomainError);
		expect((notTheirs as DomainError).status).toBe(404);
		expect(await unreadCount(db, actors.participantA)).toBe(unread);
		await markRead(db, actors.participantA, mine[0].id);
		expect(await unreadCount(db, actors.participantA)).toBe(unread - 1);
		// Marking one's own again is no error.
		await markRead(db, actors.participantA, mine[0].id);
		await markRead(db, actors.participantA, 'all');
		expect(await unreadCount(db, actors.participantA)).toBe(0);
	});
});

// ---- a stand-in push service on 127.0.0.1 --------------------------------------------------------
interface Received {
	path: string;
	headers: Record<string, string | string[] | undefined>;
	body: Buffer;
}
let server: Server;
let base = '';
const received: Received[] = [];
const b64url = (buf: Buffer) => buf.toString('base64url');
/** The stand-in push service is on loopback: only a test may let the server call it (never the app). */
const STAND_IN = { allowLoopbackForTests: true };

/** RFC 8291 (aes128gcm) decryption, as the phone would do it. */
function decrypt(body: Buffer, client: ReturnType<typeof createECDH>, authSecret: Buffer): string {
	const salt = body.subarray(0, 16);
	const idLength = body[20];
	const serverPublic = body.subarray(21, 21 + idLength);
	const ciphertext = body.subarray(21 + idLength);
	const hmac = (key: Buffer, data: Buffer) => createHmac('sha256', key).update(data).digest();
	const shared = client.computeSecret(serverPublic);
	const prkKey = hmac(authSecret, shared);
	const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), client.getPublicKey(), serverPublic]);
	const ikm = hmac(prkKey, Buffer.concat([keyInfo, Buffer.from([1])]));
	const prk = hmac(salt, ikm);
	const cek = hmac(prk, Buffer.from('Content-Encoding: aes128gcm\0\x01')).subarray(0, 16);
	const nonce = hmac(prk, Buffer.from('Content-Encoding: nonce\0\x01')).subarray(0, 12);
	const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
	decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
	const padded = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()]);
	return padded.subarray(0, padded.lastIndexOf(2)).toString('utf8');
}

/** Checks the VAPID JWT of the Authorization header against our public key; returns its claims. */
function vapidClaims(header: string, vapid: VapidKeys) {
	const match = /^vapid t=([^,]+), k=(.+)$/.exec(header);
	expect(match, header).not.toBeNull();
	expect(match![2]).toBe(vapid.publicKey);
	const [h, p, s] = match![1].split('.');
	const raw = Buffer.from(vapid.publicKey, 'base64url');
	const key = createPublicKey({
		key: { kty: 'EC', crv: 'P-256', x: b64url(raw.subarray(1, 33)), y: b64url(raw.subarray(33, 65)) },
		format: 'jwk'
	});
	expect(
		verify('sha256', Buffer.from(`${h}.${p}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(s, 'base64url')),
		'the VAPID signature holds'
	).toBe(true);
	return JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as { aud: string; exp: number; sub: string };
}

describe(`web push on ${process.env.TEST_DB}`, () => {
	let dataDir: string;
	beforeAll(async () => {
		dataDir = mkdtempSync(join(tmpdir(), 'tablee-vapid-'));
		server = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (c) => chunks.push(c));
			req.on('end', () => {
				received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
				res.statusCode = req.url?.startsWith('/gone') ? 410 : 201;
				res.end();
			});
		});
		await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
		const address = server.address();
		base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
	});
	afterAll(async () => {
		await new Promise((done) => server.close(done));
		rmSync(dataDir, { recursive: true, force: true });
	});

	it('keeps one VAPID key pair in the data directory', () => {
		const first = loadOrCreateVapidKeys(dataDir, {});
		const second = loadOrCreateVapidKeys(dataDir, {});
		expect(second.publicKey).toBe(first.publicKey);
		expect(Buffer.from(first.publicKey, 'base64url')).toHaveLength(65);
	});

	it('encrypts and signs each push for each subscriber, and drops subscriptions the service says are gone', async () => {
		const vapid = loadOrCreateVapidKeys(dataDir, {});
		await db.updateTable('notification').set({ pushed_at: NOW }).where('pushed_at', 'is', null).execute();
		const phones = [0, 1].map(() => {
			const ecdh = createECDH('prime256v1');
			ecdh.generateKeys();
			return { ecdh, auth: randomBytes(16) };
		});
		/** A push subscription of `person`'s phone at the stand-in push service's `path`, set up from `locale` pages. */
		const subscribe = (person: Actor, path: string, phone: (typeof phones)[number], locale: string) =>
			savePushSubscription(
				db,
				person,
				{ endpoint: `${base}${path}`, keys: { p256dh: b64url(phone.ecdh.getPublicKey()), auth: b64url(phone.auth) } },
				locale,
				NOW,
				STAND_IN
			);
		await subscribe(actors.participantA, '/ok/phone-1', phones[0], 'fr');
		// The same person's second phone was set up from the English pages: its pushes are in English.
		await subscribe(actors.participantA, '/ok/phone-2', phones[1], 'en');
		await subscribe(actors.participantB, '/gone/phone-3', phones[0], 'fr');
		await notify(db, {
			userId: actors.participantA.id,
			kind: 'reminder_soon',
			params: { title: 'Atelier CV' },
			href: '/me'
		});
		await notify(db, {
			userId: actors.participantB.id,
			kind: 'reminder_soon',
			params: { title: 'Autre' },
			href: '/me'
		});
		const render = (kind: string, params: Record<string, string | number>, locale: string) => ({
			title: 'Tablée',
			body: `${locale} ${kind}: ${params.title}`
		});

		const sent = await deliverPendingPushes(db, vapid, render, undefined, STAND_IN);
		expect(sent).toBe(2);
		const toA = received.filter((r) => r.path.startsWith('/ok/'));
		expect(toA.map((r) => r.path).sort()).toEqual(['/ok/phone-1', '/ok/phone-2']);
		for (const request of toA) {
			expect(request.headers['content-encoding']).toBe('aes128gcm');
			expect(Number(request.headers['ttl'])).toBeGreaterThan(0);
			const claims = vapidClaims(String(request.headers['authorization']), vapid);
			expect(claims.aud).toBe(base);
			expect(claims.exp * 1000).toBeGreaterThan(Date.now());
			const first = request.path.endsWith('1');
			const phone = phones[first ? 0 : 1];
			expect(JSON.parse(decrypt(request.body, phone.ecdh, phone.auth))).toEqual({
				title: 'Tablée',
				body: `${first ? 'fr' : 'en'} reminder_soon: Atelier CV`,
				href: '/me'
			});
		}
		// B's subscription answered 410: it is gone, and nothing is pushed twice.
		expect(
			await db
				.selectFrom('push_subscription')
				.select('endpoint')
				.where('user_id', '=', actors.participantB.id)
				.execute()
		).toEqual([]);
		expect(await deliverPendingPushes(db, vapid, render, undefined, STAND_IN)).toBe(0);
		expect(received).toHaveLength(3);
	});

	it('refuses to subscribe an endpoint that is not a public https address, and writes nothing', async () => {
		const keys = { p256dh: 'B'.repeat(87), auth: 'A'.repeat(22) };
		const endpoints = [
			`${base}/ok/inside`,
			'https://127.0.0.1/x',
			'https://[::ffff:127.0.0.1]/x',
			'https://169.254.169.254/latest/meta-data',
			'https://10.1.2.3/x',
			'https://localhost/x',
			'http://push.example.com/x'
		];
		for (const endpoint of endpoints) {
			const refused = await savePushSubscription(db, actors.participantB, { endpoint, keys }, 'fr').catch((e) => e);
			expect(refused, endpoint).toBeInstanceOf(DomainError);
			expect((refused as DomainError).messageKey).toBe('harden_push_endpoint_refused');
		}
		expect(await db.selectFrom('push_subscription').select('id').where('endpoint', 'in', endpoints).execute()).toEqual(
			[]
		);
	});

	it('calls nothing inside, and one bad subscription never stops the pushes of the others', async () => {
		const vapid = loadOrCreateVapidKeys(dataDir, {});
		await db.updateTable('notification').set({ pushed_at: NOW }).where('pushed_at', 'is', null).execute();
		const phone = createECDH('prime256v1');
		phone.generateKeys();
		const auth = randomBytes(16);
		const good = { p256dh: b64url(phone.getPublicKey()), auth: b64url(auth) };
		// What a hostile or broken browser could have left (written as the table allows, past the route's schema).
		const rows = [
			{ user_id: actors.participantA.id, endpoint: `${base}/ok/bad-length`, p256dh: 'BBBB', auth: good.auth },
			{ user_id: actors.participantA.id, endpoint: `${base}/ok/not-a-point`, p256dh: 'B'.repeat(87), auth: good.auth },
			{ user_id: actors.participantA.id, endpoint: 'https://10.0.0.1/private', ...good },
			{ user_id: actors.participantA.id, endpoint: 'https://[::ffff:127.0.0.1]/mapped', ...good },
			{ user_id: actors.participantA.id, endpoint: `${base}/ok/a-good`, ...good },
			{ user_id: actors.participantB.id, endpoint: `${base}/ok/b-good`, ...good }
		];
		await db.deleteFrom('push_subscription').execute();
		await db
			.insertInto('push_subscription')
			.values(
				rows.map((row, i) => ({
					id: `bad-batch-${i}`,
					...row,
					created_at: NOW,
					last_sent_at: null,
					failures: 0,
					locale: 'fr'
				}))
			)
			.execute();
		const render = () => ({ title: 'Tablée', body: 'Rappel' });
		for (const person of [actors.participantA, actors.participantB])
			await notify(db, { userId: person.id, kind: 'reminder_soon', params: { title: 'x' }, href: '/me' });

		// Without the test's allowance, the stand-in on loopback is inside too: nothing reaches it.
		const before = received.length;
		expect(await deliverPendingPushes(db, vapid, render)).toBe(0);
		expect(received.length).toBe(before);

		await notify(db, { userId: actors.participantA.id, kind: 'reminder_soon', params: { title: 'y' }, href: '/me' });
		await notify(db, { userId: actors.participantB.id, kind: 'reminder_soon', params: { title: 'y' }, href: '/me' });
		expect(await deliverPendingPushes(db, vapid, render, undefined, STAND_IN)).toBe(2);
		expect(
			received
				.slice(before)
				.map((r) => r.path)
				.sort()
		).toEqual(['/ok/a-good', '/ok/b-good']);
		const byEndpoint = (x: { endpoint: string }, y: { endpoint: string }) => (x.endpoint < y.endpoint ? -1 : 1);
		const left = (await db.selectFrom('push_subscription').select(['endpoint', 'failures']).execute()).sort(byEndpoint);
		// Keys that can never encrypt are dropped; refused addresses count failures; the good ones are kept.
		expect(left).toEqual(
			[
				{ endpoint: `${base}/ok/a-good`, failures: 0 },
				{ endpoint: `${base}/ok/b-good`, failures: 0 },
				{ endpoint: 'https://10.0.0.1/private', failures: 2 },
				{ endpoint: 'https://[::ffff:127.0.0.1]/mapped', failures: 2 }
			].sort(byEndpoint)
		);
	});
});

describe(`calendar feeds on ${process.env.TEST_DB}`, () => {
	it('holds only that person’s activities, parses back, and stops at revocation or renewal', async () => {
		const token = await renewCalendarFeed(db, actors.participantA);
		const text = await calendarFeedText(db, token, 'https://club.example');
		expect(text).not.toBeNull();
		const calendar = new ICAL.Component(ICAL.parse(text!));
		const events = calendar.getAllSubcomponents('vevent').map((e) => new ICAL.Event(e));
		const expected = await db
			.selectFrom('activity')
			.select(['id', 'title', 'starts_at'])
			.where('cohort_id', '=', actors.cohortA.id)
			.where('cancelled_at', 'is', null)
			.execute();
		expect(events.map((e) => e.uid).sort()).toEqual(expected.map((a) => `${a.id}@tablee`).sort());
		const first = expected.sort((a, b) => a.starts_at - b.starts_at)[0];
		const event = events.find((e) => e.uid === `${first.id}@tablee`)!;
		expect(event.summary).toBe(first.title);
		expect(event.startDate.toJSDate().getTime()).toBe(first.starts_at);
		const others = await db.selectFrom('activity').select('id').where('cohort_id', '=', actors.cohortB.id).execute();
		expect(events.some((e) => others.some((o) => e.uid.startsWith(o.id)))).toBe(false);

		const renewed = await renewCalendarFeed(db, actors.participantA);
		expect(await calendarFeedText(db, token, 'https://club.example')).toBeNull();
		expect(await calendarFeedText(db, renewed, 'https://club.example')).not.toBeNull();
		await revokeCalendarFeed(db, actors.participantA);
		expect(await calendarFeedText(db, renewed, 'https://club.example')).toBeNull();
		expect(await calendarFeedText(db, 'not-a-token', 'https://club.example')).toBeNull();
	});
});
