/**
 * Issue 14, acceptance 4 and 6 (and 7 for these pages): in-person check-in by QR code, and the register
 * as a spreadsheet. A facilitator (desktop) shows the room's code; two participants (Pixel 7) open its
 * link as a scan does; the code changes and the previous one is refused in plain words; a second
 * check-in changes nothing; the sheet shows both "sur place" and present; the activity's and the
 * cohort's CSV parse back to the sheet's figures, with a name starting with "=" neutralised.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { expect, test, type Page } from '@playwright/test';
import { axeFindings, t } from './helpers';
import { buildLiveClub, closeClub, type LiveClub } from './live-helpers';
import { e2eServer } from './e2e-server';

let club: LiveClub;
test.beforeAll(async ({ browser }) => {
	test.setTimeout(120_000);
	club = await buildLiveClub(browser, 2, { phones: true, kind: 'in_person' });
});
test.afterAll(() => closeClub(club));

const codeLink = (page: Page) => page.locator('[data-checkin-link]').getAttribute('data-checkin-link');

/** The sheet's lines as the facilitator reads them: name → [mode, minutes, status]. */
async function sheetLines(page: Page): Promise<Map<string, string[]>> {
	await page.goto(`/activities/${club.activityId}/attendance`);
	const rows = await page
		.locator('table.sheet tbody tr')
		.evaluateAll((trs) =>
			trs.map((tr) => [...tr.querySelectorAll('td, th')].map((c) => (c.textContent ?? '').replace(/\s+/g, ' ').trim()))
		);
	return new Map(rows.map((cells) => [cells[0], cells.slice(1, 4)]));
}

test('participants check in by scanning the room’s code; an old code is refused; the register leaves as CSV', async () => {
	test.setTimeout(120_000);
	const facilitator = club.facilitator.page;
	const [first, second] = club.participants;

	await test.step('the facilitator’s screen shows a code; the first person scans it and is present in the room', async () => {
		await facilitator.goto(`/activities/${club.activityId}/attendance`);
		await facilitator.getByRole('link', { name: t('checkin_open') }).click();
		await expect(facilitator.getByRole('heading', { level: 1 })).toHaveText(t('checkin_title'));
		await expect(facilitator.getByRole('img', { name: t('checkin_qr_alt') }).locator('svg')).toBeVisible();
		expect(await axeFindings(facilitator), 'axe on the check-in screen').toEqual([]);
		const link = await codeLink(facilitator);
		expect(link).toMatch(new RegExp(`/checkin/${club.activityId}/[a-z2-7]{32}$`));
		const answer = await first.page.goto(link!);
		expect(answer?.status()).toBe(200);
		await expect(first.page.getByRole('status')).toHaveText(t('checkin_done'));
		expect(await axeFindings(first.page), 'axe on the phone’s answer').toEqual([]);
		expect(await first.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(412);
	});

	await test.step('a new code: the previous one is refused, in plain words; the new one works', async () => {
		const old = await codeLink(facilitator);
		await facilitator.getByRole('button', { name: t('checkin_new_code') }).click();
		await expect.poll(() => codeLink(facilitator)).not.toBe(old);
		await expect(facilitator.getByRole('status')).toHaveText(t('checkin_count', { present: 1, total: 2 }));
		const refused = await second.page.goto(old!);
		expect(refused?.status()).toBe(410);
		await expect(second.page.locator('main')).toContainText(t('checkin_error_expired'));
		expect(await axeFindings(second.page), 'axe on the refusal, on a phone').toEqual([]);
		const current = await codeLink(facilitator);
		await second.page.goto(current!);
		await expect(second.page.getByRole('status')).toHaveText(t('checkin_done'));
		await first.page.goto(current!);
		await expect(first.page.getByRole('status')).toHaveText(t('checkin_already'));
	});

	const lines = await sheetLines(facilitator);
	await test.step('the sheet shows both in the room, present, for the whole activity', async () => {
		for (const p of [first, second]) {
			const [mode, minutes, status] = lines.get(p.name) ?? [];
			expect(mode, p.name).toBe(t('mode_in_person'));
			expect(minutes, p.name).toMatch(/^(120|2 ?h)/);
			expect(status, p.name).toBe(t('status_present'));
		}
	});

	await test.step('the register as CSV parses back to the sheet; a name starting with "=" stays text', async () => {
		// A name a spreadsheet would run as a formula (the forms refuse it; a database can still hold it).
		const db = new Database(join(e2eServer().dataDir, 'tablee.sqlite'), { fileMustExist: true });
		try {
			db.prepare('update user set last_name = ? where id = ?').run('x', second.id);
			db.prepare('update user set first_name = ? where id = ?').run('=1+1', second.id);
		} finally {
			db.close();
		}
		await facilitator.goto(`/activities/${club.activityId}/attendance`);
		const [download] = await Promise.all([
			facilitator.waitForEvent('download'),
			facilitator.getByRole('link', { name: t('register_download') }).click()
		]);
		const text = readFileSync(await download.path(), 'utf8');
		expect(text.charCodeAt(0), 'a byte-order mark for Excel').toBe(0xfeff);
		const rows: Record<string, string>[] = parse(text, { bom: true, delimiter: ';', columns: true });
		expect(rows).toHaveLength(2);
		const byName = new Map(rows.map((r) => [r[t('sheet_person')], r]));
		expect(byName.get(`${first.name}`)?.[t('sheet_status')]).toBe(t('status_present'));
		expect(byName.get(`${first.name}`)?.[t('sheet_mode')]).toBe(t('mode_in_person'));
		expect(byName.get(`${first.name}`)?.[t('sheet_minutes')]).toBe('120');
		expect(byName.get("'=1+1 x"), 'the formula is neutralised').toBeTruthy();
		expect(byName.get("'=1+1 x")?.[t('sheet_status')]).toBe(t('status_present'));
		expect(byName.get(`${first.name}`)?.[t('register_csv_first_join')]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);

		await facilitator.goto(`/cohorts/${club.cohortId}`);
		const [whole] = await Promise.all([
			facilitator.waitForEvent('download'),
			facilitator.getByRole('link', { name: t('register_cohort_download') }).click()
		]);
		const cohortRows: Record<string, string>[] = parse(readFileSync(await whole.path(), 'utf8'), {
			bom: true,
			delimiter: ';',
			columns: true
		});
		const mine = cohortRows.filter((r) => r[t('register_csv_activity')].startsWith('Visio en direct'));
		expect(mine.map((r) => [r[t('sheet_person')], r[t('sheet_status')]]).sort()).toEqual(
			rows.map((r) => [r[t('sheet_person')], r[t('sheet_status')]]).sort()
		);
	});
});
