/**
 * Issue 3 — live rooms on a real LiveKit server, with real browsers (fake camera and microphone),
 * inside the loopback-only network namespace:
 * 1. a facilitator (desktop) and a participant (phone) see each other's video playing and hear audio;
 * 2. audio-only: the facilitator sees it, and the participant receives no more video bytes;
 * 3. attendance from LiveKit's webhooks adds up join → leave → rejoin → leave; forged and replayed
 *    webhooks are refused and change nothing;
 * 4. tokens and moderation are refused to those who may not have them.
 */
import { createHash } from 'node:crypto';
import { AccessToken } from 'livekit-server-sdk';
import { expect, test, type Page } from '@playwright/test';
import { DEMO_COHORTS, loginParticipant, t } from './helpers';
import {
	attendanceRow,
	cspRefusals,
	e2eDb,
	enterRoom,
	inbound,
	livekitServer,
	presences,
	tileFrames,
	toLobby,
	useLiveClub,
	type LiveClub
} from './live-helpers';

test.describe.configure({ mode: 'serial' });

let club: LiveClub;
useLiveClub(1, { phones: true }, (built) => (club = built));

/** Waits until `read` grows by more than `by` (polls; fails after `timeout`). */
async function grows(read: () => Promise<number>, what: string, by = 0, timeout = 15_000) {
	const start = await read();
	await expect.poll(read, { message: what, timeout }).toBeGreaterThan(start + by);
}

const state = (page: Page) => page.locator('.live-room');

test('a facilitator and a participant on a phone see each other’s video playing and hear each other', async () => {
	test.setTimeout(120_000);
	const [participant] = club.participants;

	await test.step('both join the activity room', async () => {
		await enterRoom(club.facilitator.page, club.activityId);
		// The participant comes from /me: the big "Rejoindre" button, then the device check and the lobby.
		await participant.page.goto('/me');
		await participant.page.getByRole('link', { name: t('me_join') }).click();
		await expect(participant.page).toHaveURL(new RegExp(`/rooms/${club.activityId}$`));
		await toLobby(participant.page, club.activityId);
		// On a phone "Rejoindre" sits low on the page: the person has scrolled down to it. The room must then
		// start on the facilitator's video, not scrolled past it (adaptive streaming sends no video for a tile
		// out of sight: the person saw nothing until they scrolled back up).
		await participant.page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
		expect(await participant.page.evaluate(() => window.scrollY), 'the lobby is scrolled').toBeGreaterThan(0);
		await participant.page
			.locator('.lobby')
			.getByRole('button', { name: t('room_join') })
			.click();
		await expect(state(participant.page)).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
		const roomTop = await state(participant.page).evaluate((room) => room.getBoundingClientRect().top);
		expect(roomTop, 'the room starts on screen, from its top').toBeGreaterThanOrEqual(0);
	});

	const facilitatorIdentity = await club.facilitator.page.evaluate(
		() => window.__tableeRoom?.localParticipant.identity ?? ''
	);
	await test.step('each one’s <video> of the other shows new frames', async () => {
		const fTile = club.facilitator.page.locator(`[data-identity="${participant.id}"] video`);
		const pTile = participant.page.locator(`[data-identity="${facilitatorIdentity}"] video`);
		await expect(fTile).toHaveCount(1, { timeout: 20_000 });
		await expect(pTile).toHaveCount(1, { timeout: 20_000 });
		await expect(pTile, 'the facilitator’s video is on screen').toBeInViewport();
		await grows(
			async () => (await tileFrames(club.facilitator.page, participant.id)).frames,
			'the facilitator sees the participant’s video frames',
			10
		);
		await grows(
			async () => (await tileFrames(participant.page, facilitatorIdentity)).frames,
			'the participant sees the facilitator’s video frames',
			10
		);
		expect((await tileFrames(participant.page, facilitatorIdentity)).width).toBeGreaterThan(0);
		// The pages' Content-Security-Policy (nonces, LiveKit in connect-src) let all of it through.
		for (const page of [club.facilitator.page, participant.page]) expect(await cspRefusals(page)).toEqual([]);
	});

	await test.step('getStats: video frames decoded and audio packets arriving, both ways', async () => {
		for (const page of [club.facilitator.page, participant.page]) {
			await grows(async () => (await inbound(page, 'video')).frames, 'video frames decoded', 10);
			await grows(async () => (await inbound(page, 'audio')).packets, 'audio packets received', 20);
		}
	});

	await test.step('the participant switches to audio only: the facilitator sees it, no video bytes arrive any more', async () => {
		await participant.page.getByRole('button', { name: t('room_audio_only'), exact: true }).click();
		await expect(participant.page.getByRole('button', { name: t('room_audio_only'), exact: true })).toHaveAttribute(
			'aria-pressed',
			'true'
		);
		await expect(club.facilitator.page.locator(`[data-identity="${participant.id}"]`)).toHaveAttribute(
			'data-mode',
			'audio',
			{ timeout: 10_000 }
		);
		await expect(club.facilitator.page.locator(`[data-roster-user="${participant.id}"]`)).toHaveAttribute(
			'data-roster-state',
			'audio'
		);
		// Unsubscribing takes a moment to reach the server; then nothing grows for 5 s.
		await club.facilitator.page.waitForTimeout(2_000);
		const before = await inbound(participant.page, 'video');
		await participant.page.waitForTimeout(5_000);
		const after = await inbound(participant.page, 'video');
		expect(after.bytes, 'no inbound video bytes in audio-only mode').toBe(before.bytes);
		// …while audio still flows.
		await grows(async () => (await inbound(participant.page, 'audio')).packets, 'audio still arrives', 20);
		// The server knows it too (reported by the page, kept for the register).
		await expect.poll(() => attendanceRow(club.activityId, participant.id)?.mode, { timeout: 10_000 }).toBe('audio');
	});

	await test.step('the participant leaves', async () => {
		await participant.page.getByRole('button', { name: t('room_leave') }).click();
		await expect(state(participant.page)).toHaveAttribute('data-state', 'disconnected');
		await expect
			.poll(() => presences(club.activityId, participant.id).every((p) => p.left_at !== null), { timeout: 15_000 })
			.toBe(true);
	});
});

test('attendance from LiveKit’s webhooks adds up join → leave → rejoin → leave, and forged or replayed webhooks change nothing', async () => {
	test.setTimeout(120_000);
	const [participant] = club.participants;
	const page = participant.page;
	const before = attendanceRow(club.activityId, participant.id)?.seconds ?? 0;
	const beforeCount = presences(club.activityId, participant.id).length;
	const stays: number[] = [];

	for (const round of [1, 2]) {
		await test.step(`presence ${round}`, async () => {
			// The page is where the previous test left it: out of the room, with the button to come back.
			await page.getByRole('button', { name: t('room_rejoin') }).click();
			await expect(state(page)).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
			// LiveKit says "joined" once media flows: wait for that before counting time.
			await expect
				.poll(() => presences(club.activityId, participant.id).length, { timeout: 15_000 })
				.toBe(beforeCount + round);
			const joinedAt = Date.now();
			await page.waitForTimeout(round === 1 ? 6_000 : 9_000);
			await page.getByRole('button', { name: t('room_leave') }).click();
			stays.push(Date.now() - joinedAt);
			await expect
				.poll(() => presences(club.activityId, participant.id).every((p) => p.left_at !== null), { timeout: 15_000 })
				.toBe(true);
			await page.waitForTimeout(3_000); // time away: not counted
		});
	}

	const added = (attendanceRow(club.activityId, participant.id)?.seconds ?? 0) - before;
	const expected = stays.reduce((a, b) => a + b, 0) / 1000;
	// Webhook times are whole seconds, and "joined" fires a moment after the page says connected.
	expect(added, `stored ${added} s for stays of ${stays.join(' + ')} ms`).toBeGreaterThanOrEqual(expected - 4);
	expect(added).toBeLessThanOrEqual(expected + 4);
	const rounded = Math.round((attendanceRow(club.activityId, participant.id)?.seconds ?? 0) / 60);

	await test.step('a forged webhook is refused (401) and a replayed one too (409); nothing changes', async () => {
		const db = e2eDb();
		const last = db
			.prepare(
				"select body from room_event where event = 'participant_left' and participant_identity = ? order by received_at desc"
			)
			.get(participant.id) as { body: string };
		const countBefore = (db.prepare('select count(*) as n from room_event').get() as { n: number }).n;
		db.close();
		const sign = async (body: string, secret: string) => {
			const token = new AccessToken('devkey', secret);
			token.sha256 = createHash('sha256').update(body).digest('base64');
			return token.toJwt();
		};
		const forgedBody = last.body.replace(/"id":"[^"]+"/, '"id":"EV_forged_1"');
		const forged = await page.request.post('/api/livekit/webhook', {
			headers: {
				authorization: await sign(forgedBody, 'not-the-secret-of-this-server-0123456789'),
				'content-type': 'application/webhook+json'
			},
			data: forgedBody
		});
		expect(forged.status()).toBe(401);
		const unsigned = await page.request.post('/api/livekit/webhook', {
			headers: { 'content-type': 'application/webhook+json' },
			data: forgedBody
		});
		expect(unsigned.status()).toBe(401);
		const replayed = await page.request.post('/api/livekit/webhook', {
			headers: {
				authorization: await sign(last.body, livekitServer.secret()),
				'content-type': 'application/webhook+json'
			},
			data: last.body
		});
		expect(replayed.status()).toBe(409);
		const after = e2eDb();
		expect((after.prepare('select count(*) as n from room_event').get() as { n: number }).n).toBe(countBefore);
		after.close();
		expect(Math.round((attendanceRow(club.activityId, participant.id)?.seconds ?? 0) / 60)).toBe(rounded);
	});

	await test.step('the attendance sheet shows the person with their minutes and a signature column', async () => {
		const sheet = club.facilitator.page;
		await sheet.goto(`/activities/${club.activityId}/attendance`);
		const row = sheet.locator(`tr[data-user="${participant.id}"]`);
		await expect(row).toContainText(participant.name);
		await expect(row.locator('td[data-minutes]')).toHaveAttribute('data-minutes', String(rounded));
		await expect(sheet.getByRole('columnheader', { name: t('sheet_signature') })).toBeVisible();
	});
});

test('tokens and moderation are refused to whoever may not have them, even when the UI is bypassed', async ({
	browser
}) => {
	const [participant] = club.participants;
	const other = await browser.newContext();
	try {
		expect((await other.request.get(`/rooms/${club.activityId}/token`)).status(), 'anonymous').toBe(401);
		// A participant of another cohort (the demo's last-year cohort).
		await loginParticipant(await other.newPage(), DEMO_COHORTS.lastYear.participant, DEMO_COHORTS.lastYear.code);
		const outsider = await other.request.get(`/rooms/${club.activityId}/token`);
		expect(outsider.status(), 'participant of another cohort').toBe(403);
	} finally {
		await other.close();
	}
	// A member outside the activity's window: the cohort's programme activities are a month away.
	const db = e2eDb();
	const later = db
		.prepare("select id from activity where cohort_id = ? and kind = 'live' and id != ? order by starts_at")
		.get(club.cohortId, club.activityId) as { id: string };
	db.close();
	const closed = await participant.page.request.get(`/rooms/${later.id}/token`);
	expect(closed.status(), 'outside the window').toBe(403);
	expect((await closed.json()).message).toBe(t('room_closed'));
	// A participant may not mute or remove anyone, nor split the room.
	for (const [path, body] of [
		['moderate', { action: 'mute', identity: participant.id }],
		['moderate', { action: 'remove', identity: participant.id }],
		['breakouts', { groups: 2 }]
	] as const) {
		const res = await participant.page.request.post(`/rooms/${club.activityId}/${path}`, { data: body });
		expect(res.status(), `participant ${path} ${JSON.stringify(body)}`).toBe(403);
	}
});

test('the salon de thé is open to the cohort between activities, and time there is kept as informal time', async () => {
	test.setTimeout(90_000);
	const [participant] = club.participants;
	const page = participant.page;
	// While the live activity runs, /me offers to join it, not the salon.
	await page.goto('/me');
	await expect(page.getByRole('link', { name: t('me_join') })).toBeVisible();
	await expect(page.locator('a[href^="/salon/"]')).toHaveCount(0);

	await page.goto(`/salon/${club.cohortId}`);
	await enterRoomAt(page);
	await expect(page.locator('.live-room')).toHaveAttribute('data-room-name', `salon-${club.cohortId}`);
	const salonPresences = () => {
		const db = e2eDb();
		try {
			return db
				.prepare("select * from presence where kind = 'salon' and cohort_id = ? and user_id = ?")
				.all(club.cohortId, participant.id) as { left_at: number | null; activity_id: string | null }[];
		} finally {
			db.close();
		}
	};
	await expect.poll(() => salonPresences().length, { timeout: 15_000 }).toBe(1);
	expect(salonPresences()[0].activity_id).toBeNull();
	await page.waitForTimeout(3_000);
	await page.getByRole('button', { name: t('room_leave') }).click();
	await expect.poll(() => salonPresences()[0].left_at, { timeout: 15_000 }).not.toBeNull();
});

/** Joins from the room page the browser is on (device check already done by this person). */
async function enterRoomAt(page: Page) {
	await expect(page.locator('.live-room')).toHaveAttribute('data-phase', 'lobby');
	await page
		.locator('.lobby')
		.getByRole('button', { name: t('room_join') })
		.click();
	await expect(page.locator('.live-room')).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
}
