/**
 * Issue 11, acceptance 2: the live moment never dead-ends. With LiveKit stopped, /me shows no
 * "Rejoindre" but what the facilitator planned instead (here: a number to call) and the place; the
 * room page says the same with a way back; the facilitator is told plainly and can mark attendance.
 */
import { expect, test } from '@playwright/test';
import { ALONE, ALONE_PHONE, loginStaff, STAFF, t } from './helpers';
import { buildSmallClub, type SmallClub } from './everyday-helpers';
import { livekitServer } from './live-helpers';

test.use(ALONE_PHONE);

let club: SmallClub;
test.afterEach(async () => {
	await club?.close();
});

test(
	'with the video down, /me and the room offer the fallback and a way back; the facilitator can mark',
	ALONE,
	async ({ page, browser }) => {
		const staff = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });
		const claire = await staff.newPage();
		await loginStaff(claire, STAFF.claire);
		const fallback = 'Appelez le 01 23 45 67 89, ou venez en salle 2';
		club = await buildSmallClub(claire, { kind: 'live', count: 1, fallback, place: 'Salle 2, 12 rue des Lilas' });
		await page.context().addCookies((await club.people[0].ctx.storageState()).cookies);

		// Video up: the big "Rejoindre" is there.
		await page.goto('/me');
		await expect(page.getByRole('link', { name: t('me_join') })).toBeVisible();

		livekitServer.kill();
		try {
			// The server trusts a good answer for a few seconds: reload until it has noticed.
			await expect(async () => {
				await page.goto('/me');
				await expect(page.getByRole('link', { name: t('me_join') })).toHaveCount(0, { timeout: 500 });
			}).toPass({ timeout: 20_000 });
			const box = page.getByTestId('video-fallback');
			await expect(box.getByRole('heading')).toContainText(t('everyday_fallback_title'));
			await expect(box).toContainText(fallback);

			// Someone who opens the room anyway reads the same, and has a way back.
			await page.goto(`/rooms/${club.activityId}`);
			await expect(page.getByTestId('video-fallback')).toContainText(fallback);
			await page.getByRole('link', { name: t('everyday_fallback_back_me') }).click();
			await expect(page).toHaveURL(/\/me$/);

			// The facilitator is told plainly what participants see, and goes to mark attendance.
			await claire.goto(`/rooms/${club.activityId}`);
			const staffBox = claire.getByTestId('video-fallback');
			await expect(staffBox).toContainText(t('everyday_fallback_staff_intro'));
			await expect(staffBox).toContainText(fallback);
			await staffBox.getByRole('link', { name: t('everyday_fallback_mark') }).click();
			await expect(claire).toHaveURL(new RegExp(`/activities/${club.activityId}/attendance$`));
			await expect(claire.locator('tr[data-user]')).toHaveCount(1);
		} finally {
			await livekitServer.restart();
			await staff.close();
		}
		// Back up: the join button returns (the page probes the server again).
		await expect(async () => {
			await page.goto('/me');
			await expect(page.getByRole('link', { name: t('me_join') })).toBeVisible({ timeout: 1000 });
		}).toPass({ timeout: 20_000 });
	}
);
