/**
 * Issue 11, item 8 — the director and the admin, through the UI: the director opens a cohort naming its
 * facilitator, corrects a declared modality its sessions contradict, and hands the cohort over (never leaving
 * it without a facilitator; the new facilitator finds every activity, the previous one loses access); the admin
 * reads it all in the audit log (filtered by person, actor and dates) and edits the organisation's settings,
 * which the director's figures follow (@alone: the settings are the whole test server's).
 */
import { expect, test, type Page } from '@playwright/test';
import { parisDate, unique } from './builders';
import { ALONE, DEMO_COHORTS, DEMO_PROGRAMME, hydrated, loginStaff, STAFF, t } from './helpers';

test.describe.configure({ mode: 'serial' });

const NAME = `Club de la direction ${unique()}`;
let cohortId = '';

/** The main menu's link `label`, followed (the pages are found from the navigation). */
async function throughMenu(page: Page, label: string) {
	await page
		.getByRole('navigation', { name: t('nav_label') })
		.getByRole('link', { name: label, exact: true })
		.click();
	await hydrated(page);
}

/** The cohort's timeline as a facilitator reads it: its activities' titles. */
async function timelineTitles(page: Page) {
	await page.goto(`/cohorts/${cohortId}`);
	return page.locator('li.activity p.title').allTextContents();
}

test('a director opens a cohort, names its facilitator and corrects its modality', async ({ page }) => {
	await loginStaff(page, STAFF.director);
	await throughMenu(page, t('nav_cohorts'));
	const form = page.locator('form[action="?/create"]');
	await form.getByLabel(t('field_programme'), { exact: true }).selectOption({ label: DEMO_PROGRAMME });
	await form.getByLabel(t('field_cohort_name'), { exact: true }).fill(NAME);
	await form.getByLabel(t('field_start_date'), { exact: true }).fill(parisDate(60));
	await form.getByLabel(t('field_modality'), { exact: true }).selectOption('remote');
	// Nobody ticked: refused in plain words, nothing created, what was typed kept.
	await form.getByRole('button', { name: t('cohort_create') }).click();
	await expect(page.locator('form[action="?/create"] p.form-error')).toHaveText(t('orgadmin_facilitators_required'));
	await expect(page.locator('form[action="?/create"]').getByLabel(t('field_cohort_name'), { exact: true })).toHaveValue(
		NAME
	);
	await expect(page.locator('main a.name', { hasText: NAME })).toHaveCount(0);
	await page
		.locator('form[action="?/create"]')
		.getByRole('group', { name: t('orgadmin_field_facilitators') })
		.getByLabel('Julien Moreau', { exact: true })
		.check();
	await page
		.locator('form[action="?/create"]')
		.getByRole('button', { name: t('cohort_create') })
		.click();
	await expect(page).toHaveURL(/\/cohorts\/[a-z2-7]{16}$/);
	cohortId = page.url().split('/').pop()!;
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(NAME);
	await expect(page.getByText(t('cohort_facilitators', { names: 'Julien' }))).toBeVisible();

	// Declared remote, but the programme's closing session is in the room: the director is told, and corrects it.
	const warning = page.getByTestId('modality-conflict');
	await expect(warning).toContainText(
		t('orgadmin_modality_conflict', { declared: t('modality_remote'), said: t('modality_hybrid') })
	);
	await warning.getByRole('button', { name: t('orgadmin_modality_fix', { said: t('modality_hybrid') }) }).click();
	await expect(page.getByTestId('modality-conflict')).toHaveCount(0);
	await expect(page.locator('main p.muted').first()).toContainText(t('modality_hybrid'));
});

test('the director hands the cohort over: the new facilitator finds everything, the previous one loses it', async ({
	page,
	browser
}) => {
	const julien = await (await browser.newContext()).newPage();
	const claire = await (await browser.newContext()).newPage();
	try {
		await loginStaff(julien, STAFF.julien);
		const before = await timelineTitles(julien);
		expect(before.length, 'the cohort has its programme’s activities').toBeGreaterThan(5);

		await loginStaff(page, STAFF.director);
		await page.goto(`/cohorts/${cohortId}`);
		await page.getByRole('link', { name: t('orgadmin_facilitators_link') }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(t('orgadmin_facilitators_title'));
		const group = page.getByRole('group', { name: t('orgadmin_field_facilitators') });
		await expect(group.getByLabel('Julien Moreau', { exact: true })).toBeChecked();
		// Leaving it without anyone: refused, and Julien still runs it.
		await group.getByLabel('Julien Moreau', { exact: true }).uncheck();
		await page.getByRole('button', { name: t('save') }).click();
		await expect(page.locator('p.form-error')).toHaveText(t('orgadmin_facilitators_required'));
		await expect(julien.goto(`/cohorts/${cohortId}`).then((r) => r?.status())).resolves.toBe(200);
		// The hand-over: Claire in, Julien out.
		const again = page.getByRole('group', { name: t('orgadmin_field_facilitators') });
		await again.getByLabel('Claire Dubois', { exact: true }).check();
		await again.getByLabel('Julien Moreau', { exact: true }).uncheck();
		await page.getByRole('button', { name: t('save') }).click();
		await expect(page.getByRole('status')).toHaveText(t('saved'));
		await expect(
			page.getByRole('group', { name: t('orgadmin_field_facilitators') }).getByLabel('Claire Dubois', { exact: true })
		).toBeChecked();

		await loginStaff(claire, STAFF.claire);
		expect(await timelineTitles(claire)).toEqual(before);
		await expect(claire.getByText(t('cohort_facilitators', { names: 'Claire' }))).toBeVisible();
		expect((await julien.goto(`/cohorts/${cohortId}`))?.status()).toBe(403);
	} finally {
		await julien.context().close();
		await claire.context().close();
	}
});

test('the admin reads the hand-over in the audit log, filtered by person, actor and dates', async ({ page }) => {
	await loginStaff(page, STAFF.admin);
	await throughMenu(page, t('orgadmin_nav_audit'));
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(t('orgadmin_audit_title'));
	const filters = page.locator('form.filters');
	await filters.getByLabel(t('orgadmin_audit_person'), { exact: true }).selectOption({ label: 'Julien Moreau' });
	await filters.getByLabel(t('orgadmin_audit_actor'), { exact: true }).selectOption({ label: 'Catherine Lefèvre' });
	await filters.getByLabel(t('orgadmin_audit_from'), { exact: true }).fill(parisDate(0));
	await filters.getByRole('button', { name: t('orgadmin_audit_filter') }).click();
	await expect(page).toHaveURL(/person=[a-z2-7]{16}/);
	const ours = page.getByTestId('audit-log').locator('li', { hasText: NAME });
	// Given to Julien at creation is not a change of facilitators; taken from him at the hand-over is.
	await expect(ours.filter({ hasText: t('orgadmin_action_cohort_facilitator_remove') })).toHaveCount(1);
	await expect(ours.first()).toContainText(t('orgadmin_audit_by', { name: 'Catherine Lefèvre' }));
	await expect(ours.first()).toContainText(t('orgadmin_audit_about', { name: 'Julien Moreau' }));
	// Claire was given the cohort: she is the person of that entry.
	await filters.getByLabel(t('orgadmin_audit_person'), { exact: true }).selectOption({ label: 'Claire Dubois' });
	await filters.getByRole('button', { name: t('orgadmin_audit_filter') }).click();
	await expect(
		page
			.getByTestId('audit-log')
			.locator('li', { hasText: NAME })
			.filter({ hasText: t('orgadmin_action_cohort_facilitator_add') })
	).toHaveCount(1);
	// Dates the wrong way round: said next to the field, nothing listed.
	await page.goto(`/admin/audit?from=${parisDate(0)}&to=${parisDate(-1)}`);
	await expect(page.locator('#to-error')).toHaveText(t('orgadmin_audit_dates_order'));
});

test(
	'the admin edits the organisation’s settings; the director’s figures follow the threshold',
	ALONE,
	async ({ page, browser }) => {
		await loginStaff(page, STAFF.admin);
		await throughMenu(page, t('orgadmin_nav_organisation'));
		const form = page.locator('form[action="?/save"]');
		const field = (key: string) => form.getByLabel(t(key), { exact: true });
		const original = {
			name: await field('orgadmin_field_name').inputValue(),
			timeZone: await field('orgadmin_field_time_zone').inputValue(),
			threshold: await field('orgadmin_field_threshold').inputValue(),
			late: await field('orgadmin_field_late').inputValue()
		};
		expect(original).toMatchObject({ timeZone: 'Europe/Paris', threshold: '85', late: '10' });
		const director = await (await browser.newContext()).newPage();
		try {
			// An unknown time zone is refused next to its field; nothing is saved.
			await field('orgadmin_field_time_zone').fill('Mars/Olympus');
			await field('orgadmin_field_threshold').fill('90');
			await form.getByRole('button', { name: t('save') }).click();
			await expect(page.locator('#timeZone-error')).toHaveText(t('orgadmin_time_zone_unknown'));
			await page.reload();
			await expect(field('orgadmin_field_threshold')).toHaveValue('85');

			await field('orgadmin_field_threshold').fill('90');
			await field('orgadmin_field_late').fill('5');
			await form.getByRole('button', { name: t('save') }).click();
			await expect(page.getByRole('status')).toHaveText(t('saved'));
			await expect(field('orgadmin_field_threshold')).toHaveValue('90');

			// The director's report of the running cohort counts presence with the new threshold.
			await loginStaff(director, STAFF.director);
			await director.goto('/cohorts');
			let demoId = '';
			for (const href of await director
				.locator('main a.name')
				.evaluateAll((as) => as.map((a) => a.getAttribute('href')))) {
				await director.goto(href!);
				if ((await director.locator('strong.code').textContent())?.trim() === DEMO_COHORTS.now.code) {
					demoId = href!.split('/').pop()!;
					break;
				}
			}
			await director.goto(`/insights/cohorts/${demoId}/bilan`);
			await expect(director.getByText(t('insights_bilan_threshold', { percent: 90 }))).toBeVisible();

			// The log says which settings changed.
			await throughMenu(page, t('orgadmin_nav_audit'));
			await expect(page.getByTestId('audit-log').locator('li').first()).toContainText(
				`${t('orgadmin_action_organisation_settings')} : ${t('orgadmin_field_threshold')}, ${t('orgadmin_field_late')}`
			);
		} finally {
			await director.context().close();
			// Back as they were, for the specs after this one.
			await page.goto('/admin/organisation');
			await field('orgadmin_field_threshold').fill(original.threshold);
			await field('orgadmin_field_late').fill(original.late);
			await form.getByRole('button', { name: t('save') }).click();
			await expect(page.getByRole('status')).toHaveText(t('saved'));
		}
	}
);
