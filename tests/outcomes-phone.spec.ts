/**
 * Issue 12, acceptance 1 — exits and the follow-up, a facilitator on a desktop and a participant on a
 * phone (Pixel 7), with the server's clock moved (src/lib/server/clock.ts): a cohort that ends today,
 * then the same server 91 days later, then past the +3 months window. The app's own notifier (every
 * 2 s in the e2e server) opens and closes the checkpoints at the moved time. Tagged ALONE: it runs
 * after every other case, so that none of them meets a server three months ahead.
 * - exits are recorded for the cohort on its "Sorties et suivi" page; nothing is asked yet;
 * - 91 days later, the participant is told (notification) and answers from the phone in 3 taps from /me;
 * - the facilitator's follow-up list shows the answer; 3 failed attempts close another person's
 *   checkpoint as "sans nouvelles";
 * - once the window has passed (clock moved again), the person who never answered reads "sans nouvelles".
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { createClub, createInvite, joinWithInvite, parisDate, uniqueLetters } from './builders';
import { ALONE, ALONE_PHONE, DEMO_PIN, loginParticipant, loginStaff, moveServerClock, STAFF, t } from './helpers';

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

const DAY = 24 * 60 * 60 * 1000;
// Three hours more than whole days: a day boundary crossed by a clock change on the way (Europe/Paris)
// still lands on the intended calendar day.
const DAYS_LATER = (days: number) => days * DAY + 3 * 60 * 60 * 1000;

test.use(ALONE_PHONE);
test.afterAll(() => moveServerClock(0));

test(
	'exits, the +3 months answer from a phone, and "sans nouvelles" by attempts and by window, the clock moved',
	ALONE,
	async ({ browser, page }) => {
		test.setTimeout(180_000);
		const suffix = uniqueLetters();
		const names = { answers: `Rose${suffix}`, silent: `Paul${suffix}`, unreachable: `Nora${suffix}` };
		const staff = await desktop(browser);
		const f = staff.page;
		await loginStaff(f, STAFF.claire);
		const programme = `Suivi ${suffix}`;
		// One morning: the cohort ends the day it starts, today.
		const morning = {
			kind: 'in_person' as const,
			title: 'Accueil',
			dayOffset: 0,
			startTime: '09:30',
			durationMinutes: 60
		};
		const cohort = await createClub(f, programme, [morning], {
			name: `Fini aujourd'hui ${suffix}`,
			startDate: parisDate(0),
			modality: 'hybrid'
		});
		const link = await createInvite(f, cohort.id, { maxUses: 3 });
		await joinWithInvite(page, link, names.answers, DEMO_PIN);
		await joinElsewhere(browser, link, names.unreachable);
		await joinElsewhere(browser, link, names.silent);

		await test.step('the facilitator records the exits: one click each with the defaults', async () => {
			await f.goto(`/cohorts/${cohort.id}`);
			await f.getByRole('link', { name: t('outcome_link') }).click();
			await expect(f).toHaveURL(`/cohorts/${cohort.id}/outcomes`);
			await expect(f.getByTestId('exits-missing')).toHaveText(t('outcome_exits_missing', { count: 3 }));
			for (const name of Object.values(names)) {
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
			await expect(f.locator('li.person[data-has-exit="1"]')).toHaveCount(3);
			await expect(f.locator('section[data-checkpoint=m3]')).toHaveAttribute('data-state', 'not_yet');
			await page.goto('/me');
			await expect(page.getByTestId('outcome-ask'), 'nothing is asked before the checkpoint').toHaveCount(0);
		});

		await test.step('91 days later, the participant is told, and answers from the phone in 3 taps from /me', async () => {
			await moveServerClock(DAYS_LATER(91));
			// Three months on, the phone's session has run out (30 days): the person signs in again.
			await loginParticipant(page, names.answers, cohort.code);
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

		await test.step('the follow-up list shows it done; 3 failed attempts close another one', async () => {
			await loginStaff(f, STAFF.claire);
			await f.goto(`/cohorts/${cohort.id}/outcomes`);
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
			await expect(m3.locator('li.person', { hasText: names.unreachable })).toHaveAttribute(
				'data-situation',
				'no_news'
			);
			await expect(m3.locator('li.person', { hasText: names.unreachable })).toContainText(
				t('outcome_situation_no_news')
			);
			await expect(m3.locator('li.person', { hasText: names.silent }), 'still waiting').not.toHaveAttribute(
				'data-situation',
				'no_news'
			);
		});

		await test.step('past its window (clock moved again), the silent participant reads "sans nouvelles"', async () => {
			await moveServerClock(DAYS_LATER(91 + 31));
			await loginStaff(f, STAFF.claire);
			await expect
				.poll(
					async () => {
						await f.goto(`/cohorts/${cohort.id}/outcomes`);
						return f
							.locator('section[data-checkpoint=m3] li.person', { hasText: names.silent })
							.getAttribute('data-situation');
					},
					{ timeout: 30_000, message: 'the notifier closes the checkpoint' }
				)
				.toBe('no_news');
			const m3 = f.locator('section[data-checkpoint=m3]');
			await expect(m3).toHaveAttribute('data-state', 'closed');
			await expect(m3.locator('li.person', { hasText: names.answers }), 'the answer stays').toHaveAttribute(
				'data-situation',
				'cdi'
			);
		});
		await staff.context.close();
	}
);
