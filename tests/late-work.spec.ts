/**
 * Issue 11, acceptance 5: late work stays in the participant's "À faire" until it is handed in or the
 * facilitator lets the person off it — checked eight days after it fell due, the server's clock moved
 * (@alone: the clock is the whole test server's).
 */
import { expect, test } from '@playwright/test';
import { ALONE, ALONE_PHONE, loginStaff, moveServerClock, STAFF, t } from './helpers';
import { buildSmallClub, type SmallClub } from './everyday-helpers';

const DAY = 24 * 60 * 60 * 1000;

test.use(ALONE_PHONE);
let club: SmallClub | undefined;
test.afterAll(async () => {
	await moveServerClock(0);
	await club?.close();
});

test(
	'late work stays in À faire eight days on, until the facilitator lets the person off it',
	ALONE,
	async ({ page, browser }) => {
		const staff = await browser.newContext({ viewport: { width: 1280, height: 800 }, isMobile: false });
		const claire = await staff.newPage();
		await loginStaff(claire, STAFF.claire);
		const title = `Lettre ${Date.now().toString(36)}`;
		// An assignment of today, due when it ends (three hours on); one participant, nothing sent.
		club = await buildSmallClub(claire, { kind: 'async', count: 1, title });
		await page.context().addCookies((await club.people[0].ctx.storageState()).cookies);
		const due = page.locator('li.due-item', { hasText: title });

		await moveServerClock(8 * DAY + 4 * 60 * 60 * 1000);
		await page.goto('/me');
		await expect(due, 'still there eight days after it fell due').toHaveAttribute('data-state', 'late');
		await expect(due).toContainText(t('assignment_state_late'));

		// The facilitator lets the person off it, saying why.
		await claire.goto(`/assignments/${club.activityId}`);
		const row = claire.locator('tr[data-state="late"]', { hasText: club.people[0].name });
		await row.getByRole('link').click();
		await claire.getByLabel(t('assignment_waive_reason')).fill('Rendez-vous à France Travail ce jour-là.');
		await claire.getByRole('button', { name: t('assignment_waive'), exact: true }).click();
		await expect(claire.getByText(t('assignment_waived_by', { name: 'Claire', date: '' }).trim())).toBeVisible();
		await expect(claire.locator('.state')).toContainText(t('assignment_status_waived'));
		await claire.goto(`/assignments/${club.activityId}`);
		await expect(claire.locator(`tr[data-state="waived"]`, { hasText: club.people[0].name })).toHaveCount(1);

		// Off the participant's list; their own page of it says there is nothing to hand in.
		await page.goto('/me');
		await expect(page.getByRole('heading', { name: t('me_due') })).toBeVisible();
		await expect(due).toHaveCount(0);
		await page.goto(`/me/assignments/${club.activityId}`);
		await expect(page.locator('.state')).toContainText(t('assignment_state_waived'));
		await staff.close();
	}
);
