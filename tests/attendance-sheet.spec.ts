/**
 * Issue 11, acceptance 1: one register for every activity. A facilitator marks the people of an
 * in-person activity present / late / excused / absent on its attendance sheet, outside any live
 * room, saved in place (no reload, no jump) and without JavaScript too; an unmarked sheet prints
 * blank, never "Absent, 0 min"; bad minutes are refused with a clear message; marks are audited.
 */
import { expect, test, type Page } from '@playwright/test';
import { loginStaff, STAFF, t } from './helpers';
import { buildSmallClub, type SmallClub } from './everyday-helpers';

let club: SmallClub;

test.afterEach(async () => {
	await club?.close();
});

const rowOf = (page: Page, name: string) => page.locator('tr[data-user]', { hasText: name });
const statusCell = (page: Page, name: string) => rowOf(page, name).locator('td[data-status]');

test('a facilitator marks an in-person activity without a live room, in place; the blank sheet prints blank', async ({
	page,
	browser
}) => {
	await loginStaff(page, STAFF.claire);
	club = await buildSmallClub(page, { kind: 'in_person', count: 4 });
	const [a, b, c, d] = club.people.map((p) => p.name);
	await page.goto(`/cohorts/${club.cohortId}`);
	await page
		.locator('li.activity', { hasText: club.title })
		.getByRole('link', { name: /Feuille|émargement/ })
		.click();
	await expect(page).toHaveURL(new RegExp(`/activities/${club.activityId}/attendance$`));

	// Before anyone is marked: "non pointé" on screen, no "Absent", no minutes.
	await expect(page.locator('tr[data-user]')).toHaveCount(4);
	for (const name of [a, b, c, d]) {
		await expect(statusCell(page, name)).toHaveText(t('everyday_sheet_unmarked'));
		await expect(rowOf(page, name).locator('td[data-minutes]')).toHaveText('');
	}
	for (const cell of await page.locator('td[data-status], td[data-minutes]').all())
		await expect(cell).not.toContainText(t('status_absent'));
	// Printed, the presence cells are empty (the signature column waits for the pen).
	await page.emulateMedia({ media: 'print' });
	for (const name of [a, b, c, d]) expect((await statusCell(page, name).innerText()).trim()).toBe('');
	await expect(page.getByRole('button', { name: t('status_present') }).first()).toBeHidden();
	await page.emulateMedia({ media: 'screen' });

	// Marks are saved in place: same page, same scroll, no reload (a marker set on window survives).
	await page.evaluate(() => ((window as unknown as { __kept: boolean }).__kept = true));
	await page.setViewportSize({ width: 1280, height: 400 });
	await rowOf(page, d).scrollIntoViewIfNeeded();
	const scrollBefore = await page.evaluate(() => window.scrollY);
	expect(scrollBefore).toBeGreaterThan(0);
	await rowOf(page, d)
		.getByRole('button', { name: t('status_excused') })
		.click();
	await expect(statusCell(page, d)).toHaveText(t('status_excused'));
	await expect(rowOf(page, d).getByRole('status')).toHaveText(t('everyday_sheet_saved'));
	expect(await page.evaluate(() => window.scrollY)).toBe(scrollBefore);
	expect(await page.evaluate(() => (window as unknown as { __kept?: boolean }).__kept)).toBe(true);

	await rowOf(page, a)
		.getByRole('button', { name: t('status_present') })
		.click();
	await expect(statusCell(page, a)).toHaveText(t('status_present'));
	await expect(rowOf(page, a).locator('td[data-minutes]')).toHaveText('180');
	await expect(rowOf(page, a).locator('td').first()).toHaveText(t('mode_in_person'));

	await rowOf(page, b).getByLabel(t('everyday_sheet_minutes')).fill('150');
	await rowOf(page, b)
		.getByRole('button', { name: t('status_late') })
		.click();
	await expect(statusCell(page, b)).toHaveText(t('status_late'));
	await expect(rowOf(page, b).locator('td[data-minutes]')).toHaveText('150');
	await expect(rowOf(page, b).getByRole('button', { name: t('status_late') })).toHaveAttribute('aria-pressed', 'true');

	// By phone, for the whole session.
	await rowOf(page, c).getByLabel(t('everyday_sheet_how')).selectOption('phone');
	await rowOf(page, c)
		.getByRole('button', { name: t('status_present') })
		.click();
	await expect(statusCell(page, c)).toHaveText(t('status_present'));
	await expect(rowOf(page, c).locator('td').first()).toHaveText(t('mode_phone'));

	// Bad input: more minutes than the activity lasts is refused in plain words, and nothing changes.
	await rowOf(page, a).getByLabel(t('everyday_sheet_minutes')).fill('999');
	await rowOf(page, a)
		.getByRole('button', { name: t('status_late') })
		.click();
	await expect(rowOf(page, a).getByRole('alert')).toHaveText(t('everyday_error_minutes_over', { value: 180 }));
	await expect(statusCell(page, a)).toHaveText(t('status_present'));

	// Without JavaScript the same buttons work (a full page load).
	const noJs = await browser.newContext({
		javaScriptEnabled: false,
		storageState: await page.context().storageState()
	});
	try {
		const plain = await noJs.newPage();
		await plain.goto(`/activities/${club.activityId}/attendance`);
		await rowOf(plain, a)
			.getByRole('button', { name: t('status_absent') })
			.click();
		await expect(statusCell(plain, a)).toHaveText(t('status_absent'));
	} finally {
		await noJs.close();
	}

	// The marks are audited: the person's file shows who marked their attendance.
	await page.reload();
	await expect(statusCell(page, a)).toHaveText(t('status_absent'));
	const bId = await rowOf(page, b).getAttribute('data-user');
	await page.goto(`/cohorts/${club.cohortId}/people/${bId}/profile`);
	await expect(page.locator('#history-title ~ ul')).toContainText(t('everyday_audit_attendance_mark'));
});
