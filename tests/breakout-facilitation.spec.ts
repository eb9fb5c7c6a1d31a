/**
 * Issue 14, acceptance 3 — breakouts for real facilitation, with the real livekit-server inside the
 * loopback-only namespace: a facilitator (desktop) and participants on phones (Pixel 7) split into two groups;
 * the facilitator visits group 2 (LiveKit's own participant lists agree: in group 2's room, not in the main
 * one) and comes back; broadcasts a message and a 1-minute timer that every group's page shows; a
 * participant's help call reaches the facilitator's page with the group's number. Bad input: a message over
 * 280 characters, a timer out of 1–30 minutes, a help call flood. axe on the pages with the help button and the
 * facilitator's list of calls (the a11y spec cannot put anyone in a group without LiveKit).
 */
import { RoomServiceClient } from 'livekit-server-sdk';
import { expect, test, type Page } from '@playwright/test';
import { e2eServer } from './e2e-server';
import { axeFindings, t } from './helpers';
import { buildLiveClub, closeClub, e2eDb, enterRoom, livekitServer, type LiveClub } from './live-helpers';

test.describe.configure({ mode: 'serial' });

const rooms = () =>
	new RoomServiceClient(`http://127.0.0.1:${e2eServer().livekitPort}`, 'devkey', livekitServer.secret());
/** Who LiveKit itself says is in a room (a room nobody is in may be gone: nobody). */
const identitiesIn = async (room: string) => {
	try {
		return (await rooms().listParticipants(room)).map((p) => p.identity).sort();
	} catch {
		return [];
	}
};

const groupsOf = (activityId: string) => {
	const db = e2eDb();
	try {
		return db
			.prepare('select user_id, group_number, room_name from breakout where activity_id = ?')
			.all(activityId) as { user_id: string; group_number: number; room_name: string }[];
	} finally {
		db.close();
	}
};

const inRoom = async (page: Page, room: string) => {
	await expect(page.locator('.live-room')).toHaveAttribute('data-room-name', room, { timeout: 45_000 });
	await expect(page.locator('.live-room')).toHaveAttribute('data-state', 'connected', { timeout: 45_000 });
};

let club: LiveClub;
test.beforeAll(async ({ browser }) => {
	test.setTimeout(120_000);
	club = await buildLiveClub(browser, 2, { phones: true });
});
test.afterAll(async () => closeClub(club));

test('the facilitator visits group 2 and returns, speaks to every group with a timer, and hears a help call', async () => {
	test.setTimeout(360_000);
	const f = club.facilitator.page;
	const main = `activity-${club.activityId}`;
	const group = (n: number) => `${main}~g${n}`;
	const origin = () => new URL(f.url()).origin;
	let facilitatorId = '';

	await test.step('everyone in the room, then split into 2 groups', async () => {
		await enterRoom(f, club.activityId);
		for (const p of club.participants) await enterRoom(p.page, club.activityId, { audioOnly: true });
		await expect.poll(() => identitiesIn(main), { timeout: 20_000 }).toHaveLength(3);
		const ids = club.participants.map((p) => p.id);
		facilitatorId = (await identitiesIn(main)).find((id) => !ids.includes(id))!;
		await f.getByLabel(t('room_breakout_count')).selectOption('2');
		await f.getByRole('button', { name: t('room_breakout_split') }).click();
		await expect.poll(() => groupsOf(club.activityId).length, { timeout: 15_000 }).toBe(2);
		for (const p of club.participants) {
			const row = groupsOf(club.activityId).find((g) => g.user_id === p.id)!;
			await inRoom(p.page, row.room_name);
		}
		await expect.poll(() => identitiesIn(main), { timeout: 20_000 }).toEqual([facilitatorId]);
	});
	const inGroup = (n: number) =>
		club.participants.find((p) => groupsOf(club.activityId).some((g) => g.user_id === p.id && g.group_number === n))!;
	const second = inGroup(2);

	await test.step('the facilitator visits group 2: LiveKit has them in group 2’s room, not in the main one', async () => {
		const visit = f.getByTestId('breakout-visit');
		await visit.getByRole('button', { name: t('breakout_visit', { number: 2 }) }).click();
		await inRoom(f, group(2));
		await expect(f.locator('[data-breakout]')).toHaveAttribute('data-breakout', '2');
		await expect(visit.locator('[data-visiting]')).toHaveText(t('breakout_visiting', { number: 2 }));
		await expect.poll(() => identitiesIn(group(2)), { timeout: 20_000 }).toEqual([facilitatorId, second.id].sort());
		await expect.poll(() => identitiesIn(main), { timeout: 20_000 }).toEqual([]);
		await expect.poll(() => identitiesIn(group(1)), { timeout: 20_000 }).toEqual([inGroup(1).id]);
		// The participant in group 2 sees the facilitator arrive.
		await expect(second.page.locator(`[data-identity="${facilitatorId}"]`)).toHaveCount(1, { timeout: 20_000 });
	});

	await test.step('“Revenir”: back in the main room, and LiveKit agrees', async () => {
		await f.getByRole('button', { name: t('breakout_return'), exact: true }).click();
		await inRoom(f, main);
		await expect(f.locator('[data-breakout]')).toHaveCount(0);
		await expect.poll(() => identitiesIn(main), { timeout: 20_000 }).toEqual([facilitatorId]);
		await expect.poll(() => identitiesIn(group(2)), { timeout: 20_000 }).toEqual([second.id]);
	});

	await test.step('a message and a 1-minute timer to every group: every page shows them', async () => {
		const message = 'Retour en plénière : préparez une idée par groupe.';
		await f.getByLabel(t('breakout_message_label')).fill(message);
		await f.getByLabel(t('breakout_minutes_label')).fill('1');
		await f.getByRole('button', { name: t('breakout_send') }).click();
		await expect(f.getByRole('status').filter({ hasText: t('breakout_sent') })).toBeVisible();
		for (const page of [f, ...club.participants.map((p) => p.page)]) {
			await expect(page.getByTestId('breakout-message')).toHaveText(message, { timeout: 10_000 });
			await expect(page.getByTestId('breakout-timer')).toContainText(t('breakout_timer_back', { minutes: 1 }));
			// A visible countdown (its value depends on the clock: only its shape is checked).
			await expect(page.getByRole('timer')).toHaveText(/^[01]:\d\d$/);
		}
		// A page that loads late shows them too (they are stored).
		await inGroup(1).page.reload();
		await expect(inGroup(1).page.getByTestId('breakout-message')).toHaveText(message);
		await expect(inGroup(1).page.getByTestId('breakout-timer')).toContainText(t('breakout_timer_back', { minutes: 1 }));
	});

	await test.step('bad input writes nothing: a message over 280 characters, a timer of 0 or 31 minutes', async () => {
		const headers = { accept: 'application/json', origin: origin() };
		for (const form of [
			{ message: 'x'.repeat(281), minutes: '' },
			{ message: 'Trop long ?', minutes: '31' },
			{ message: 'Trop court ?', minutes: '0' }
		]) {
			const res = await club.facilitator.context.request.post(`/rooms/${club.activityId}?/breakoutBroadcast`, {
				headers,
				form
			});
			expect(JSON.parse(await res.text())).toMatchObject({ type: 'failure', status: 400 });
		}
		await expect(second.page.getByTestId('breakout-message')).toHaveText(/^Retour en plénière/);
	});

	await test.step('a participant in group 2 calls for help: the facilitator sees group 2 asking', async () => {
		await second.page.getByTestId('breakout-help').click();
		await expect(second.page.getByRole('status').filter({ hasText: t('breakout_help_sent') })).toBeVisible();
		const call = f.locator('[data-call-group="2"]');
		await expect(call).toContainText(t('breakout_help_group', { number: 2 }), { timeout: 10_000 });
		await expect(call).toContainText(second.name);
		await expect(f.locator('[data-call-group="1"]')).toHaveCount(0);
		// axe on both: the participant's phone with its help button, the facilitator's console with the call.
		expect(await axeFindings(second.page), 'axe on the participant’s page in group 2').toEqual([]);
		expect(await axeFindings(f), 'axe on the facilitator’s page with a help call').toEqual([]);

		// A flood is cut: past the limit, refused (429) with a clear message.
		const headers = { accept: 'application/json', origin: origin() };
		const calls = [];
		for (let i = 0; i < 3; i++)
			calls.push(await second.context.request.post(`/rooms/${club.activityId}?/breakoutHelp`, { headers, form: {} }));
		const last = calls.at(-1)!;
		expect(JSON.parse(await last.text())).toMatchObject({ type: 'failure', status: 429 });
		expect(await last.text()).toContain(t('breakout_error_help_too_many'));

		// Visiting the group answers its call.
		await call.getByRole('button', { name: t('breakout_visit', { number: 2 }) }).click();
		await inRoom(f, group(2));
		await expect(f.locator('[data-call-group="2"]')).toHaveCount(0);
		await f.getByRole('button', { name: t('breakout_return'), exact: true }).click();
		await inRoom(f, main);
	});
});
