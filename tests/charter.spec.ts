/**
 * Issue 5: the group's charter and its peer ambassadors, as people use them. A facilitator writes
 * the charter on the cohort page and names an ambassador; a newcomer finds, from /me, the charter
 * waiting for their agreement and the ambassador to turn to; agreeing takes two taps from /me; a
 * changed charter asks again.
 */
import { expect, test } from '@playwright/test';
import { createCohort, createInvite, joinWithInvite, parisDate, unique } from './builders';
import { DEMO_PROGRAMME, loginStaff, STAFF, t } from './helpers';

test('a facilitator writes the charter and names an ambassador; a newcomer agrees from /me and sees who can help', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const staff = await browser.newContext();
	const facilitator = await staff.newPage();
	await loginStaff(facilitator, STAFF.claire);
	const { id: cohortId } = await createCohort(facilitator, {
		programmeTitle: DEMO_PROGRAMME,
		name: `Charte ${unique()}`,
		startDate: parisDate(-2),
		modality: 'hybrid'
	});
	const invite = await createInvite(facilitator, cohortId, { maxUses: 2 });
	const ambassadorContext = await browser.newContext();
	await joinWithInvite(await ambassadorContext.newPage(), invite, 'Nadia', '4821');
	await ambassadorContext.close();

	// The charter, one rule per line.
	await facilitator.goto(`/cohorts/${cohortId}?section=charter`);
	const charter = facilitator.locator('#charter');
	await expect(charter.getByText(t('charter_none'))).toBeVisible();
	await charter.getByLabel(t('charter_field_body')).fill('On arrive à l’heure.\nOn s’écoute sans se couper.');
	await charter.getByRole('button', { name: t('charter_save') }).click();
	await expect(facilitator.getByRole('status')).toHaveText(t('saved'));
	await expect(charter.locator('ol li')).toHaveText(['On arrive à l’heure.', 'On s’écoute sans se couper.']);
	await expect(charter).toContainText(t('charter_accepted_count', { accepted: 0, total: 1 }));

	// Nadia becomes the group's ambassador (the people section of the cohort page; "Inviter des participants"
	// holds the same word, hence the exact name).
	await facilitator.getByRole('link', { name: t('everyday2_section_people'), exact: true }).click();
	await facilitator.getByRole('button', { name: `${t('ambassador_make')} : Nadia` }).click();
	await expect(facilitator.getByRole('button', { name: `${t('ambassador_remove')} : Nadia` })).toBeVisible();

	// A newcomer, on a phone.
	const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
	const me = await phone.newPage();
	await joinWithInvite(me, invite, 'Bruno', '7350');
	await me.goto('/me');
	await expect(me.getByText(t('ambassador_title'))).toBeVisible();
	await expect(me.locator('main')).toContainText('Nadia');
	// Tap 1: the charter waiting on /me; tap 2: agree.
	await me.getByRole('link', { name: t('charter_me_pending') }).click();
	await expect(me).toHaveURL(new RegExp(`/cohorts/${cohortId}#charter$`));
	await me.getByRole('button', { name: t('charter_accept') }).click();
	await expect(me.locator('#charter .accepted')).toBeVisible();
	await me.goto('/me');
	await expect(me.getByRole('link', { name: t('charter_me_pending') })).toHaveCount(0);

	// The facilitator sees who agreed; a changed text asks everyone again.
	await facilitator.goto(`/cohorts/${cohortId}?section=charter`);
	await expect(charter).toContainText(t('charter_accepted_count', { accepted: 1, total: 2 }));
	await expect(charter).toContainText(t('charter_pending', { names: 'Nadia' }));
	await charter.getByText(t('charter_edit')).click();
	await charter
		.getByLabel(t('charter_field_body'))
		.fill('On arrive à l’heure.\nOn s’écoute sans se couper.\nOn s’entraide.');
	await charter.getByRole('button', { name: t('charter_save') }).click();
	await expect(charter).toContainText(t('charter_accepted_count', { accepted: 0, total: 2 }));
	await me.goto('/me');
	await expect(me.getByRole('link', { name: t('charter_me_pending') })).toBeVisible();
	// No page wider than the phone.
	expect(await me.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
	await phone.close();
	await staff.close();
});
