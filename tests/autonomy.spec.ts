/**
 * Issue 5, the autonomy ladder: a facilitator records three assessments (intake, mid, end) through the
 * forms for a participant of a club built by this spec; the distance-travelled chart renders (three
 * points per dimension) with its text alternative; the participant, on a phone (a Pixel 7 context),
 * adds their own view on /me/autonomy and sees it beside the facilitator's; a forged POST trying to
 * change the facilitator's level is refused and the level stays as it was.
 */
import { devices, expect, test, type BrowserContext, type Page } from '@playwright/test';
import { createClub, createInvite, joinWithInvite, parisDate, unique, uniqueLetters } from './builders';
import { loginStaff, STAFF, t } from './helpers';
import { baseURL } from '../playwright.config';

test.describe.configure({ mode: 'serial' });

const DIMENSIONS = ['job_search', 'paperwork', 'digital', 'mobility', 'time', 'group'] as const;
// Levels per stage, the same for every dimension but digital (which stays put at 3).
const LEVELS = { intake: 1, mid: 3, end: 4 } as const;
const levelOf = (dimension: string, stage: keyof typeof LEVELS) => (dimension === 'digital' ? 3 : LEVELS[stage]);

let facilitator: BrowserContext;
let phone: BrowserContext;
let club: { cohortId: string; personId: string; firstName: string };

async function buildClub(run: string) {
	const page = await facilitator.newPage();
	await loginStaff(page, STAFF.claire);
	const programmeTitle = `Programme autonomie ${run}`;
	const block = {
		kind: 'in_person' as const,
		title: `Atelier démarches ${run}`,
		dayOffset: 0,
		startTime: '09:30',
		durationMinutes: 90
	};
	const cohort = await createClub(page, programmeTitle, [block], {
		name: `Groupe autonomie ${run}`,
		startDate: parisDate(-7),
		modality: 'hybrid'
	});
	const link = await createInvite(page, cohort.id);
	const firstName = `Nadia${uniqueLetters()}`.slice(0, 20);
	await joinWithInvite(await phone.newPage(), link, firstName, '2468');
	await page.goto(`/cohorts/${cohort.id}?section=people`);
	const href = (await page.getByRole('link', { name: firstName, exact: true }).getAttribute('href')) ?? '';
	const personId = /\/people\/([a-z2-7]{16})$/.exec(href)?.[1] ?? '';
	expect(personId).not.toBe('');
	await page.close();
	return { cohortId: cohort.id, personId, firstName };
}

test.beforeAll(async ({ browser }) => {
	test.setTimeout(120_000);
	facilitator = await browser.newContext({ baseURL, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
	phone = await browser.newContext({ ...devices['Pixel 7'], baseURL, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
	club = await buildClub(unique());
});
test.afterAll(async () => {
	await facilitator?.close();
	await phone?.close();
});

const autonomyPage = () => `/cohorts/${club.cohortId}/people/${club.personId}/autonomy`;
const chart = (page: Page, dimension: string) => page.locator(`figure[data-dimension="${dimension}"]`);

test('the facilitator records intake, mid-way and end; the chart shows the distance travelled, in pictures and in words', async () => {
	const page = await facilitator.newPage();
	await page.goto(autonomyPage());
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(t('autonomy_page_title', { name: club.firstName }));
	await expect(chart(page, 'paperwork')).toContainText(t('autonomy_chart_none'));

	const days = { intake: parisDate(-7), mid: parisDate(-3), end: parisDate(0) };
	for (const stage of ['intake', 'mid', 'end'] as const) {
		await test.step(`records the ${stage} assessment`, async () => {
			const form = page.locator('form[action="?/assess"]');
			await form.getByLabel(t('autonomy_field_stage'), { exact: true }).selectOption(stage);
			await form.getByLabel(t('autonomy_field_day'), { exact: true }).fill(days[stage]);
			for (const dimension of DIMENSIONS) {
				const group = form.getByRole('group', { name: t(`autonomy_dim_${dimension}`) });
				await group.getByRole('radio', { name: new RegExp(`^${levelOf(dimension, stage)} · `) }).check();
			}
			await form.getByLabel(t('autonomy_field_note'), { exact: true }).fill(`Échange ${stage}`);
			await form.getByRole('button', { name: t('autonomy_assess_save') }).click();
			await expect(page.getByRole('status')).toHaveText(t('saved'));
		});
	}

	for (const dimension of DIMENSIONS) {
		await expect(chart(page, dimension).locator('svg circle.point-facilitator')).toHaveCount(3);
		await expect(chart(page, dimension).locator('svg polyline')).toHaveCount(1);
		await expect(chart(page, dimension).locator('svg')).toHaveAttribute('aria-hidden', 'true');
	}
	const words = (stageLevels: number[]) =>
		`${t('autonomy_stage_intake')} ${stageLevels[0]} → ${t('autonomy_stage_mid')} ${stageLevels[1]} → ${t('autonomy_stage_end')} ${stageLevels[2]}`;
	await expect(chart(page, 'paperwork').locator('.facilitator-words')).toContainText(words([1, 3, 4]));
	await expect(chart(page, 'paperwork').locator('.facilitator-words')).toContainText(
		`(${t('autonomy_change_up', { n: 3 })})`
	);
	await expect(chart(page, 'digital').locator('.facilitator-words')).toContainText(`(${t('autonomy_change_none')})`);
	// The figure is named by its dimension, for screen readers.
	await expect(page.getByRole('figure', { name: t('autonomy_dim_paperwork') })).toHaveCount(1);

	await test.step('editing a stage updates it rather than adding one', async () => {
		await page.goto(`${autonomyPage()}?stage=mid`);
		const form = page.locator('form[action="?/assess"]');
		await expect(form.getByLabel(t('autonomy_field_stage'), { exact: true })).toHaveValue('mid');
		await expect(
			form.getByRole('group', { name: t('autonomy_dim_paperwork') }).getByRole('radio', { name: /^3 · / })
		).toBeChecked();
		await form.getByRole('button', { name: t('autonomy_assess_save') }).click();
		await expect(page.getByRole('status')).toHaveText(t('saved'));
		await expect(page.locator('li.assessment')).toHaveCount(3);
		await expect(chart(page, 'paperwork').locator('circle.point-facilitator')).toHaveCount(3);
	});

	await test.step('a quick observation during a paperwork task', async () => {
		const form = page.locator('form[action="?/observe"]');
		await form.getByLabel(t('autonomy_field_dimension'), { exact: true }).selectOption('paperwork');
		await form.getByLabel(t('autonomy_field_observation'), { exact: true }).fill('A rempli seule son dossier CAF');
		await form.getByRole('button', { name: t('autonomy_observe_save') }).click();
		await expect(page.getByRole('status')).toHaveText(t('saved'));
		await expect(page.locator('li.observation')).toContainText('A rempli seule son dossier CAF');
	});
	await page.close();
});

test('on the phone, the participant gives their own view beside the facilitator’s; a forged change of the facilitator’s level is refused', async () => {
	const page = await phone.newPage();
	await page.goto('/me');
	const summary = page.getByRole('region', { name: t('autonomy_me_summary_title') });
	await expect(summary).toContainText(`${t('autonomy_dim_paperwork')} : 1 → 4`);
	await summary.getByRole('link', { name: t('autonomy_me_summary_more') }).click();
	await expect(page).toHaveURL(/\/me\/autonomy$/);
	await expect(page.getByRole('heading', { level: 1 })).toContainText(t('autonomy_me_title'));
	await expect(chart(page, 'paperwork').locator('circle.point-facilitator')).toHaveCount(3);

	// Each assessment's own-view form folds away; the latest one still waiting for a view is open.
	const views = page.locator('details.view');
	await expect(views).toHaveCount(3);
	await expect(views.nth(2)).toHaveAttribute('open', '');
	await expect(views.nth(0)).not.toHaveAttribute('open', '');
	const intake = views.filter({
		has: page.getByRole('heading', { name: t('autonomy_me_my_view_title', { stage: t('autonomy_stage_intake') }) })
	});
	await intake.locator('summary').click();
	const paperwork = intake.getByRole('group', { name: t('autonomy_dim_paperwork') });
	await expect(paperwork).toContainText(t('autonomy_me_facilitator_said', { level: `1 · ${t('autonomy_level_1')}` }));
	await paperwork.getByRole('radio', { name: new RegExp(`^2 · ${t('autonomy_level_2')}`) }).check();
	await intake.getByRole('button', { name: t('autonomy_me_save') }).click();
	await expect(page.getByRole('status')).toHaveText(t('saved'));
	await expect(chart(page, 'paperwork').locator('polygon.point-self')).toHaveCount(1);
	await expect(chart(page, 'paperwork').locator('.self-words')).toContainText(
		`${t('autonomy_self_view_me')} : ${t('autonomy_stage_intake')} 2`
	);
	await expect(chart(page, 'paperwork').locator('.facilitator-words')).toContainText(
		`${t('autonomy_stage_intake')} 1 →`
	);
	// No horizontal scroll on the phone.
	expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

	await test.step('a forged POST trying to write the facilitator’s level and note is refused', async () => {
		const assessmentId = (await intake.locator('input[name=assessmentId]').getAttribute('value')) ?? '';
		const forged = await page.request.post('/me/autonomy?/selfView', {
			headers: { origin: baseURL, accept: 'application/json' },
			form: { assessmentId, self_paperwork: '2', level_paperwork: '5', note: 'Tout va très bien' }
		});
		// Refused by the domain (its own message), not by the CSRF check: the origin is right.
		expect(forged.status()).toBe(403);
		expect(await forged.text()).toContain(JSON.stringify(t('autonomy_only_own_view')).slice(1, -1));
		const throughFacilitatorsForm = await page.request.post(`${autonomyPage()}?/assess`, {
			headers: { origin: baseURL, accept: 'application/json' },
			form: { stage: 'intake', day: parisDate(-7), note: 'Tout va très bien', level_paperwork: '5' }
		});
		expect(throughFacilitatorsForm.status()).toBe(403);
		expect(await throughFacilitatorsForm.text()).toContain(JSON.stringify(t('error_forbidden')).slice(1, -1));
	});

	const staff = await facilitator.newPage();
	await staff.goto(autonomyPage());
	await expect(chart(staff, 'paperwork').locator('.facilitator-words')).toContainText(
		`${t('autonomy_stage_intake')} 1 → ${t('autonomy_stage_mid')} 3`
	);
	await expect(chart(staff, 'paperwork').locator('.self-words')).toContainText(
		`${t('autonomy_self_view')} : ${t('autonomy_stage_intake')} 2`
	);
	await expect(staff.locator('li.assessment').first()).toContainText('Échange intake');
	await expect(staff.locator('li.assessment').first()).not.toContainText('Tout va très bien');
	await staff.close();
	await page.close();
});
