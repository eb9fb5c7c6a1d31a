/**
 * Issue 12, acceptance 1 — exits and the follow-up, a facilitator on a desktop and a participant on a
 * phone (Pixel 7). No clock is moved: the spec's cohorts are dated in the past, so that their +3
 * months checkpoint is open today (one cohort ended 100 days ago) or already closed (another ended
 * 130 days ago), and the app's own notifier (every 2 s in the e2e server) opens and closes them.
 * - exits are recorded for a cohort on its "Sorties et suivi" page;
 * - the participant is told (notification) and answers from the phone in 3 taps from /me;
 * - the facilitator's follow-up list shows the answer;
 * - 3 failed attempts close a checkpoint as "sans nouvelles";
 * - a participant of the cohort whose window has passed is shown "sans nouvelles".
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import {
	addBlock,
	createCohort,
	createInvite,
	createProgramme,
	joinWithInvite,
	parisDate,
	uniqueLetters
} from './builders';
import { DEMO_PIN, loginStaff, STAFF, t } from './helpers';

const noSideScroll = async (page: Page) =>
	expect(
		await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
		'no horizontal overflow'
	).toBeLessThanOrEqual(0);

async function desktop(browser: Browser) {
	const context = await browser.newContext({
		viewport: { width: 1280, height: 900 },
		locale: 'fr-FR',
		timezoneId: 'Europe/Paris'
	});
	return { context, page: await context.newPage() };
}

/** A participant joins through an invite in a context of their own (closed once joined). */
async function joinElsewhere(browser: Browser, link: string, name: string) {
	const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });
	await joinWithInvite(await context.newPage(), link, name, DEMO_PIN);
	await context.close();
}

test('exits, the +3 months answer from a phone, and "sans nouvelles" by attempts and by window', async ({
	browser,
	page
}) => {
	test.setTimeout(150_000);
	const suffix = uniqueLetters();
	const names = { answers: `Rose${suffix}`, silent: `Paul${suffix}`, unreachable: `Nora${suffix}` };
	const staff = await desktop(browser);
	const f = staff.page;
	await loginStaff(f, STAFF.claire);
	const programme = `Suivi ${suffix}`;
	await createProgramme(f, programme);
	// One morning: the cohort ends the day it starts.
	await addBlock(f, { kind: 'in_person', title: 'Accueil', dayOffset: 0, startTime: '09:30', durationMinutes: 60 });
	const open = await createCohort(f, {
		programmeTitle: programme,
		name: `Fini il y a 100 jours ${suffix}`,
		startDate: parisDate(-100),
		modality: 'hybrid'
	});
	const passed = await createCohort(f, {
		programmeTitle: programme,
		name: `Fini il y a 130 jours ${suffix}`,
		startDate: parisDate(-130),
		modality: 'hybrid'
	});
	const openLink = await createInvite(f, open.id, { maxUses: 2 });
	const passedLink = await createInvite(f, passed.id, { maxUses: 1 });
	await joinWithInvite(page, openLink, names.answers, DEMO_PIN);
	await joinElsewhere(browser, openLink, names.unreachable);
	await joinElsewhere(browser, passedLink, names.silent);

	await test.step('the facilitator records the exits: one click each with the defaults', async () => {
		await f.goto(`/cohorts/${open.id}`);
		await f.getByRole('link', { name: t('outcome_link') }).click();
		await expect(f).toHaveURL(`/cohorts/${open.id}/outcomes`);
		await expect(f.getByTestId('exits-missing')).toHaveText(t('outcome_exits_missing', { count: 2 }));
		for (const name of [names.answers, names.unreachable]) {
			const person = f.locator('li.person', { hasText: name }).first();
			await person.locator('form.exit-form button').click();
			await expect(
				f
					.locator('li.person', { hasText: name })
					.first()
					.getByRole('status')
					.filter({ hasText: t('outcome_saved_exit') })
			).toBeVisible();
		}
		await expect(f.getByTestId('exits-missing')).toHaveText(t('outcome_exits_all_done'));
		await expect(f.locator('li.person[data-has-exit="1"]')).toHaveCount(2);
	});

	await test.step('the participant is told, and answers from the phone in 3 taps from /me', async () => {
		await expect
			.poll(
				async () => {
					await page.goto('/notifications');
					return page.getByText(t('outcome_notification_m3_open')).count();
				},
				{ timeout: 30_000, message: 'the +3 months notice arrives' }
			)
			.toBe(1);
		await page.addInitScript(() => {
			const spoken: string[] = [];
			(window as unknown as { __spoken: string[] }).__spoken = spoken;
			if ('speechSynthesis' in window) window.speechSynthesis.speak = (u) => void spoken.push(u.text);
		});
		await page.goto('/me');
		await noSideScroll(page);
		await page.getByTestId('outcome-ask').click(); // tap 1
		await expect(page).toHaveURL(/\/me\/outcomes$/);
		await noSideScroll(page);
		const readAloud = page.getByRole('button', { name: new RegExp(`^${t('assignment_read_aloud')}`) });
		await readAloud.click();
		await expect
			.poll(() => page.evaluate(() => (window as unknown as { __spoken: string[] }).__spoken.at(-1) ?? ''))
			.toContain(t('outcome_me_seeking'));
		const job = page.getByRole('link', { name: t('outcome_me_job') });
		expect((await job.boundingBox())!.height, 'a big target').toBeGreaterThanOrEqual(44);
		await job.click(); // tap 2
		await page.getByRole('button', { name: t('outcome_me_job_cdi') }).click(); // tap 3
		await expect(page.getByRole('status')).toHaveText(new RegExp(t('outcome_me_thanks')));
		await expect(page.locator('li[data-checkpoint=m3]')).toContainText(t('outcome_situation_cdi'));
		await noSideScroll(page);
	});

	await test.step('the follow-up list shows it done; 3 failed attempts close the other one', async () => {
		await f.goto(`/cohorts/${open.id}/outcomes`);
		const m3 = f.locator('section[data-checkpoint=m3]');
		await expect(m3).toHaveAttribute('data-state', 'open');
		await expect(m3.locator('li.person', { hasText: names.answers })).toHaveAttribute('data-situation', 'cdi');
		for (let i = 1; i <= 3; i++) {
			const person = f.locator('section[data-checkpoint=m3] li.person', { hasText: names.unreachable });
			await person.getByRole('button', { name: new RegExp(`^${t('outcome_attempt_missed')}`) }).click();
			await expect(
				f.locator('section[data-checkpoint=m3] li.person', { hasText: names.unreachable }).getByRole('status')
			).toHaveText(i < 3 ? t('outcome_attempt_saved') : t('outcome_attempt_closed'));
		}
		await expect(m3.locator('li.person', { hasText: names.unreachable })).toHaveAttribute('data-situation', 'no_news');
		await expect(m3.locator('li.person', { hasText: names.unreachable })).toContainText(t('outcome_situation_no_news'));
	});

	await test.step('past its window, the silent participant reads "sans nouvelles"', async () => {
		await expect
			.poll(
				async () => {
					await f.goto(`/cohorts/${passed.id}/outcomes`);
					return f
						.locator('section[data-checkpoint=m3] li.person', { hasText: names.silent })
						.getAttribute('data-situation');
				},
				{ timeout: 30_000, message: 'the notifier closes the checkpoint' }
			)
			.toBe('no_news');
		await expect(f.locator('section[data-checkpoint=m3]')).toHaveAttribute('data-state', 'closed');
	});
	await staff.context.close();
});
