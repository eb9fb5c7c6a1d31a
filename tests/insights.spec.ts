/**
 * Issue 13: the director's figures. Desktop, on the demo's historic cohorts (src/lib/server/seed/historic.ts):
 * the cohorts table, remote vs hybrid side by side with intervals and words, "moins de 5" for the
 * cohort of 4 (and no chart point), the CSV read back against the page, the printable bilan, axe,
 * 360 px, and no participant's name in any response of these pages, for every role that may read them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import { HISTORIC_NAMES, SMALL_HISTORIC_COHORT } from '../src/lib/server/seed/historic-names.ts';
import { axeFindings, loginStaff, STAFF, t } from './helpers';

const demoSeed = readFileSync(join(process.cwd(), 'src', 'lib', 'server', 'seed', 'demo.ts'), 'utf8');
const DEMO_NAMES = [...demoSeed.matchAll(/participants:\s*\[([^\]]*)\]/g)].flatMap((m) =>
	[...m[1].matchAll(/'([^']+)'/g)].map((n) => n[1])
);
const PARTICIPANT_NAMES = [...new Set([...DEMO_NAMES, ...HISTORIC_NAMES])];
const COMPARE = '/insights?compare=1&a_modality=remote&b_modality=hybrid';
// A past year that only seeded cohorts fill: 400 days back is in an earlier calendar year than any cohort
// the other specs create meanwhile (none starts more than a week ago), so this page's figures cannot move
// between the page and its CSV while the suite runs on the other worker.
const SETTLED_YEAR = new Date(Date.now() - 400 * 86_400_000).getFullYear();
/** What a hidden cell reads, in the CSV as on the page. */
const HIDDEN = [t('insights_small'), t('insights_unrecorded')];
// The demo's two "Club emploi" cohorts: this year's has a register for its past sessions, last year's none.
const THIS_YEAR = new Date().getFullYear();
const DEMO_NOW = `Club emploi — automne ${THIS_YEAR}`;
const DEMO_LAST_YEAR = `Club emploi — automne ${THIS_YEAR - 1}`;
const SETTLED = `/insights?year=${SETTLED_YEAR}&compare=1&a_modality=remote&a_year=${SETTLED_YEAR}&b_modality=hybrid&b_year=${SETTLED_YEAR}`;

test.describe('insights (director, desktop)', () => {
	// The page reads every cohort's figures: a few seconds each on the shared test machine.
	test.describe.configure({ timeout: 180_000 });
	test.beforeEach(async ({ page }) => loginStaff(page, STAFF.director));

	test('shows the historic cohorts, and the cohort of 4 as "moins de 5" with no chart point', async ({ page }) => {
		await page.goto('/');
		await page.getByRole('link', { name: t('insights_link') }).click();
		await expect(page.getByRole('heading', { level: 1, name: t('insights_title') })).toBeVisible();
		const rows = page.getByTestId('cohort-table').locator('tbody tr[data-cohort]');
		expect(await rows.count()).toBeGreaterThan(20);
		for (const modality of ['modality_remote', 'modality_hybrid', 'modality_in_person']) {
			await expect(page.getByTestId('cohort-table').getByText(t(modality), { exact: false }).first()).toBeVisible();
		}
		const small = page.locator(`tr[data-cohort="${SMALL_HISTORIC_COHORT}"]`);
		await expect(small.locator('td').first()).toHaveText(t('insights_small'));
		await expect(small.locator('td[data-hidden="true"]')).toHaveCount(4);
		await expect(page.locator(`svg[data-point^="${SMALL_HISTORIC_COHORT}"]`)).toHaveCount(0);
		// Other cohorts do have their points.
		expect(await page.locator('svg[data-point]').count()).toBeGreaterThan(10);
		// No register was ever taken for last year's demo cohort: "non renseigné", never 0 %, and no chart point;
		// the sessions left out are counted beside it. This year's cohort has its register: a real figure.
		const unrecorded = page.locator(`tr[data-cohort="${DEMO_LAST_YEAR}"]`);
		for (const column of [1, 2]) {
			await expect(unrecorded.locator('td').nth(column)).toHaveAttribute('data-unrecorded', 'true');
			await expect(unrecorded.locator('td').nth(column)).toContainText(t('insights_unrecorded'));
		}
		await expect(unrecorded.locator('td').nth(1)).toContainText(/\d+ séances? sans feuille de présence/);
		await expect(page.locator(`svg[data-point^="${DEMO_LAST_YEAR} — "]`)).toHaveCount(0);
		await expect(page.locator(`tr[data-cohort="${DEMO_NOW}"] td`).nth(1)).toHaveAttribute('data-value', /^\d+ %$/);
		await expect(page.getByTestId('register-note')).toContainText(t('insights_register_note'));
		expect(await axeFindings(page)).toEqual([]);
	});

	test('remote vs hybrid: both groups with their intervals, and the difference in words', async ({ page }) => {
		await page.goto('/insights');
		const form = page.locator('form.compare');
		await form.locator('select[name="a_modality"]').selectOption('remote');
		await form.locator('select[name="b_modality"]').selectOption('hybrid');
		await form.getByRole('button', { name: t('insights_compare_go') }).click();
		await expect(page).toHaveURL(/a_modality=remote/);
		const table = page.getByTestId('comparison');
		const completion = table.locator('tr[data-measure="completion"]');
		await expect(completion.locator('td').nth(0)).toContainText(/de \d+ % à \d+ %/);
		await expect(completion.locator('td').nth(1)).toContainText(/de \d+ % à \d+ %/);
		const words = await table.locator('td.verdict').allInnerTexts();
		const said = words.filter((w) => w !== '—');
		expect(said.length).toBeGreaterThan(5);
		for (const w of said) expect(w).toMatch(/trop incertain pour conclure|est plus haut que B|est plus bas que B/);
		expect(said.some((w) => w.includes('trop incertain pour conclure'))).toBe(true);
		await expect(page.getByTestId('case-mix')).toBeVisible();
		expect(await axeFindings(page)).toEqual([]);
	});

	test('the CSV holds exactly the figures the page shows', async ({ page }) => {
		await page.goto(SETTLED);
		const download = page.waitForEvent('download');
		await page.getByRole('link', { name: t('insights_export_csv') }).click();
		const file = await (await download).path();
		const rows: Record<string, string>[] = parse(readFileSync(file, 'utf8'), {
			columns: true,
			bom: true,
			delimiter: ';'
		});
		// The total, measure by measure, against the page's table of the whole.
		const total = page.getByTestId('total-table');
		for (const row of rows.filter((r) => r.section === 'ensemble')) {
			const cell = total.locator(`tr[data-measure="${row.mesure_code}"] td`);
			if (HIDDEN.includes(row.valeur)) await expect(cell).toContainText(row.valeur);
			else {
				await expect(cell).toHaveAttribute('data-value', row.valeur);
				if (row.numerateur) await expect(cell).toContainText(`${row.numerateur} sur ${row.denominateur}`);
			}
		}
		// Each cohort's attendance and completion against the cohorts table.
		for (const row of rows.filter(
			(r) => r.section === 'groupe' && ['attendance', 'completion'].includes(r.mesure_code)
		)) {
			// Cells after the name: enrolled, attendance, completion, …
			const cell = page.locator(`tr[data-cohort="${row.groupe}"] td`).nth(row.mesure_code === 'attendance' ? 1 : 2);
			if (HIDDEN.includes(row.valeur)) await expect(cell).toContainText(row.valeur);
			else await expect(cell).toHaveAttribute('data-value', row.valeur);
			if (row.seances_sans_feuille && row.seances_sans_feuille !== '0')
				await expect(cell).toContainText(t('insights_sessions_without_register', { count: row.seances_sans_feuille }));
		}
		// The two groups side by side.
		const comparison = rows.filter((r) => r.section === 'comparaison' && r.groupe === 'A');
		expect(comparison.length).toBeGreaterThan(20);
		for (const row of comparison.slice(0, 10)) {
			const cell = page.getByTestId('comparison').locator(`tr[data-measure="${row.mesure_code}"] td`).first();
			if (HIDDEN.includes(row.valeur)) await expect(cell).toContainText(row.valeur);
			else await expect(cell).toHaveAttribute('data-value', row.valeur);
		}
	});

	test('the bilan prints with nothing clipped', async ({ page }) => {
		await page.goto('/insights');
		await page.locator('tr[data-cohort] a[href$="/bilan"]').nth(2).click();
		await expect(page.getByTestId('bilan')).toBeVisible();
		expect(await axeFindings(page)).toEqual([]);
		await page.emulateMedia({ media: 'print' });
		await page.setViewportSize({ width: 700, height: 1000 });
		await expect(page.getByRole('button', { name: t('insights_bilan_print') })).toBeHidden();
		const overflow = await page.evaluate(() => {
			const clipped = [...document.querySelectorAll('table, tr, th, td, h1, h2, p')].filter(
				(e) => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflow !== 'visible'
			);
			return {
				page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
				clipped: clipped.length
			};
		});
		expect(overflow).toEqual({ page: 0, clipped: 0 });
	});

	test('works at 360 px: no sideways scroll, axe clean', async ({ page }) => {
		await page.setViewportSize({ width: 360, height: 800 });
		await page.goto(COMPARE);
		const scroll = await page.evaluate(
			() => document.documentElement.scrollWidth - document.documentElement.clientWidth
		);
		const wide = await page.evaluate(() =>
			[...document.querySelectorAll('body *')]
				.filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
				.slice(0, 8)
				.map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`)
		);
		expect(scroll, wide.join(' | ')).toBeLessThanOrEqual(0);
		expect(await axeFindings(page)).toEqual([]);
	});
});

test.describe('insights: no one is named', () => {
	test.describe.configure({ timeout: 180_000 });
	for (const who of ['director', 'admin', 'claire', 'julien'] as const) {
		test(`no participant's name in what ${who} reads`, async ({ page }) => {
			await loginStaff(page, STAFF[who]);
			const html = await (await page.request.get('/insights')).text();
			const ids = [...html.matchAll(/href="\/insights\/cohorts\/([a-z0-9]+)\/bilan"/g)].map((m) => m[1]);
			const bodies = [
				html,
				await (await page.request.get(COMPARE)).text(),
				await (await page.request.get(`/insights/export.csv${COMPARE.slice('/insights'.length)}`)).text(),
				...(await Promise.all(
					ids.slice(0, 6).map(async (id) => (await page.request.get(`/insights/cohorts/${id}/bilan`)).text())
				))
			];
			for (const body of bodies) {
				for (const name of PARTICIPANT_NAMES) expect(body, `${name} in a page ${who} reads`).not.toContain(name);
			}
		});
	}
});
