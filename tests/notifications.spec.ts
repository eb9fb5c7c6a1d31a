/**
 * Issue 4 — reminders reach the person in the app, the private calendar feed, and the installable
 * app (manifest, icons, offline page through the service worker).
 * (Reminder exactly-once rules, web push encryption/signing and .ics contents are proven in
 * src/lib/server/notifications/notifications.db.test.ts.)
 */
import ICAL from 'ical.js';
import { expect, test } from '@playwright/test';
import { t } from './helpers';
import { buildLiveClub, closeClub, e2eDb, parisClock } from './live-helpers';

test('a reminder 15 minutes before a live session reaches each participant in the app', async ({ browser }) => {
	test.setTimeout(120_000);
	const club = await buildLiveClub(browser, 2);
	try {
		// A second live activity, starting in 14 minutes: its "15 minutes before" reminder is due now.
		const title = `Rappel visio ${Date.now()}`;
		const fPage = club.facilitator.page;
		await fPage.goto(`/cohorts/${club.cohortId}?section=add`);
		const form = fPage.locator('form[action="?/addActivity"]');
		await form.getByLabel(t('field_kind'), { exact: true }).selectOption('live');
		await form.getByLabel(t('field_title'), { exact: true }).fill(title);
		const at = parisClock(Date.now() + 14 * 60_000);
		await form.getByLabel(t('field_date'), { exact: true }).fill(at.date);
		await form.getByLabel(t('field_start_time'), { exact: true }).fill(at.time);
		await form.getByLabel(t('field_duration'), { exact: true }).fill('60');
		await form.locator('button').last().click();
		await expect(fPage.getByRole('status')).toHaveText(t('saved'));

		for (const p of club.participants) {
			await expect
				.poll(
					async () => {
						await p.page.goto('/notifications');
						return p.page.locator('[data-notification]', { hasText: title }).count();
					},
					{ timeout: 30_000, message: `${p.name} is reminded` }
				)
				.toBe(1);
			await expect(p.page.locator('[data-notification]', { hasText: title })).toContainText(
				t('notification_reminder_soon', { title })
			);
			// The header shows the unread count (by the bell on a phone, in the links on a laptop); reading them
			// all clears it.
			await expect(p.page.locator('header.site .count').filter({ visible: true })).toHaveCount(1);
			await p.page.getByRole('button', { name: t('notifications_mark_all') }).click();
			await expect(p.page.locator('header.site .count')).toHaveCount(0);
		}
		// Still once each after several scheduler runs; the facilitator got none.
		await fPage.waitForTimeout(5_000);
		const db = e2eDb();
		const rows = db
			.prepare("select user_id from notification where kind = 'reminder_soon' and params like ?")
			.all(`%${title}%`) as { user_id: string }[];
		db.close();
		expect(rows.map((r) => r.user_id).sort()).toEqual(club.participants.map((p) => p.id).sort());
	} finally {
		await closeClub(club);
	}
});

test('a participant adds their sessions to their phone calendar, and a revoked link stops working', async ({
	browser
}) => {
	test.setTimeout(90_000);
	const club = await buildLiveClub(browser, 1, { phones: true });
	try {
		const { page } = club.participants[0];
		await page.goto('/account');
		await page.getByRole('button', { name: t('calendar_create') }).click();
		const url = await page.getByTestId('calendar-url').inputValue();
		expect(url).toMatch(/\/calendar\/[a-z2-7]{32}\.ics$/);
		// A calendar app sends no cookie.
		const res = await page.context().request.fetch(url, { headers: { cookie: '' } });
		expect(res.status()).toBe(200);
		expect(res.headers()['content-type']).toContain('text/calendar');
		const events = new ICAL.Component(ICAL.parse(await res.text()))
			.getAllSubcomponents('vevent')
			.map((e) => new ICAL.Event(e));
		const db = e2eDb();
		const mine = (
			db.prepare('select id from activity where cohort_id = ? and cancelled_at is null').all(club.cohortId) as {
				id: string;
			}[]
		).map((a) => `${a.id}@tablee`);
		db.close();
		expect(events.map((e) => e.uid).sort()).toEqual(mine.sort());

		await page.getByRole('button', { name: t('calendar_revoke') }).click();
		await expect(page.getByText(t('calendar_saved'))).toBeVisible();
		expect((await page.context().request.get(url)).status()).toBe(404);
	} finally {
		await closeClub(club);
	}
});

test('the app installs on a phone: manifest and icons, and an offline page when the network is gone', async ({
	page,
	context
}) => {
	const manifest = await (await page.request.get('/manifest.webmanifest')).json();
	expect(manifest).toMatchObject({ short_name: 'Tablée', start_url: '/me', display: 'standalone', lang: 'fr' });
	for (const icon of manifest.icons as { src: string; sizes: string }[]) {
		const res = await page.request.get(icon.src);
		expect(res.status(), icon.src).toBe(200);
		const png = await res.body();
		expect(png.subarray(1, 4).toString()).toBe('PNG');
		expect(`${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`).toBe(icon.sizes);
	}
	await page.goto('/login');
	await expect(page.locator('link[rel=manifest]')).toHaveAttribute('href', '/manifest.webmanifest');
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
	});
	await page.reload(); // now controlled by the service worker
	await context.setOffline(true);
	await page.goto('/cohorts').catch(() => {});
	await expect(page.getByRole('heading', { level: 1 })).toContainText(t('offline_title'));
	// Styled from its own HTML (nothing else was cached): the app's type, not the browser's default serif.
	await expect(page.locator('link[rel=stylesheet]:not([disabled])')).toHaveCount(0);
	expect(await page.evaluate(() => getComputedStyle(document.documentElement).fontFamily)).toContain('system-ui');
	await context.setOffline(false);
});
