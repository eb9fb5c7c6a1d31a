/**
 * Issue 12, acceptance 2 — the end-of-club questionnaire. The spec's club lasts one morning, today, so
 * its questionnaire is open (from the club's last day). Three classmates answer it from their own
 * browsers (their answers posted as the page's forms post them, no screen needed); the participant on
 * the phone (Pixel 7) answers on screen, one question per screen, from /me in two taps; the facilitator's
 * aggregate matches all four; axe finds nothing on any screen, at 360 px and on a desktop.
 */
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { createClub, createInvite, joinWithInvite, parisDate, uniqueLetters } from './builders';
import { axeFindings, DEMO_PIN, loginParticipant, loginStaff, STAFF, t } from './helpers';

type Answers = Record<string, string>;
const ROSE: Answers = {
	useful: 'very',
	helped: 'salon',
	connection: 'sometimes',
	connection_what: 'data',
	recommend: 'yes',
	sentence: 'Le groupe m’a redonné confiance.',
	named: 'no'
};
const CLASSMATES: { name: string; answers: Answers }[] = [
	{
		name: 'Malo',
		answers: { useful: 'quite', helped: 'group', connection: 'never', recommend: 'yes', sentence: '', named: 'no' }
	},
	{
		name: 'Lou',
		answers: {
			useful: 'very',
			helped: 'live',
			connection: 'often',
			connection_what: 'sound',
			recommend: 'maybe',
			sentence: 'Merci pour tout.',
			named: 'no'
		}
	},
	{
		name: 'Sami',
		answers: { useful: 'a_little', helped: 'salon', connection: 'never', recommend: 'no', sentence: '', named: 'yes' }
	}
];
const COUNTED = ['useful', 'helped', 'connection', 'connection_what', 'recommend'];

const suffix = uniqueLetters();
const rose = `Rose${suffix}`;
let cohortId = '';
let cohortCode = '';
let inviteLink = '';
let staff: BrowserContext;
const cleanup: BrowserContext[] = [];

async function axe(page: Page, where: string) {
	expect(await axeFindings(page), `axe on ${where}`).toEqual([]);
	const overflow = await page.evaluate(
		() => document.documentElement.scrollWidth - document.documentElement.clientWidth
	);
	expect(overflow, `no horizontal scroll on ${where}`).toBeLessThanOrEqual(0);
}

/** A classmate joins with the invite and answers every question as the page's forms post them. */
async function classmateAnswers(browser: Browser, baseURL: string, name: string, answers: Answers) {
	const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });
	cleanup.push(context);
	await joinWithInvite(await context.newPage(), inviteLink, `${name}${suffix}`, DEMO_PIN);
	for (const [question, value] of Object.entries(answers)) {
		const res = await context.request.post('/me/questionnaire?/answer', {
			form: { cohortId, question, value },
			headers: { origin: baseURL, accept: 'text/html' },
			maxRedirects: 0
		});
		expect(res.status(), `${name} answers ${question}`).toBe(303);
	}
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }, testInfo) => {
	test.setTimeout(120_000);
	const baseURL = String(testInfo.project.use.baseURL);
	staff = await browser.newContext({
		viewport: { width: 1280, height: 900 },
		locale: 'fr-FR',
		timezoneId: 'Europe/Paris'
	});
	const f = await staff.newPage();
	await loginStaff(f, STAFF.claire);
	const programme = `Bilan ${suffix}`;
	const morning = {
		kind: 'in_person' as const,
		title: 'Dernier matin',
		dayOffset: 0,
		startTime: '09:30',
		durationMinutes: 60
	};
	const cohort = await createClub(f, programme, [morning], {
		name: `Fini aujourd’hui ${suffix}`,
		startDate: parisDate(0),
		modality: 'hybrid'
	});
	cohortId = cohort.id;
	cohortCode = cohort.code;
	inviteLink = await createInvite(f, cohortId, { maxUses: 1 + CLASSMATES.length });
	for (const c of CLASSMATES) await classmateAnswers(browser, baseURL, c.name, c.answers);
});

test.afterAll(async () => {
	for (const context of [staff, ...cleanup]) await context?.close();
});

test('the questionnaire on a phone: from /me in two taps, one question per screen, read aloud', async ({ page }) => {
	test.setTimeout(90_000);
	await page.setViewportSize({ width: 360, height: 740 });
	await joinWithInvite(page, inviteLink, rose, DEMO_PIN);
	await page.addInitScript(() => {
		const spoken: string[] = [];
		(window as unknown as { __spoken: string[] }).__spoken = spoken;
		if ('speechSynthesis' in window) window.speechSynthesis.speak = (u) => void spoken.push(u.text);
	});
	await page.goto('/me');
	await page.getByTestId('quest-ask').click(); // tap 1
	await expect(page).toHaveURL(/\/me\/questionnaire$/);

	for (const [step, [question, value]] of Object.entries(ROSE).entries()) {
		await test.step(`question ${step + 1}: ${question}`, async () => {
			const screen = page.locator('section.ask');
			await expect(screen).toHaveAttribute('data-question', question);
			await expect(screen.getByRole('heading', { level: 2 })).toHaveCount(1);
			await expect(page.getByTestId('quest-progress')).toHaveText(t('quest_progress', { n: step + 1, total: 7 }));
			// The three kinds of screen: pictogram choices, the free sentence, the consent to be named.
			if (['useful', 'sentence', 'named'].includes(question)) await axe(page, `the "${question}" screen at 360 px`);
			if (step === 0) {
				await page.getByRole('button', { name: new RegExp(`^${t('assignment_read_aloud')}`) }).click();
				await expect
					.poll(() => page.evaluate(() => (window as unknown as { __spoken: string[] }).__spoken.at(-1) ?? ''))
					.toBe(
						[
							t('quest_q_useful'),
							t('quest_touch'),
							...['very', 'quite', 'a_little', 'not'].map((o) => t(`quest_useful_${o}`))
						].join(' ')
					);
			}
			if (question === 'sentence') {
				await screen.getByLabel(t('quest_sentence_label')).fill(value);
				await screen.getByRole('button', { name: t('quest_send') }).click();
			} else {
				const button = screen.getByRole('button', { name: t(`quest_${question}_${value}`) });
				expect((await button.boundingBox())!.height, 'a big target').toBeGreaterThanOrEqual(44);
				await button.click(); // the first one is tap 2 from /me
			}
			if (step === 0) {
				// Two taps from /me, the first answer is saved and the next question shows.
				await expect(page.locator('section.ask')).toHaveAttribute('data-question', 'helped');
			}
		});
	}
	await expect(page.getByTestId('quest-done').getByRole('status')).toHaveText(new RegExp(t('quest_thanks')));
	await expect(page.getByTestId('quest-done').locator('[data-question=sentence] dd')).toContainText(ROSE.sentence);
	await axe(page, 'the thank-you screen at 360 px');
	// Her answers stay two taps away from /me while the questionnaire is open.
	await page.goto('/me');
	await page.getByTestId('quest-see').click();
	await expect(page.getByTestId('quest-done').locator('[data-question=helped] dd')).toContainText(
		t('quest_helped_salon')
	);
});

test('the facilitator sees the group’s answers counted, and names only where people agreed', async () => {
	const f = await staff.newPage();
	await f.goto(`/cohorts/${cohortId}/outcomes`);
	await f.getByRole('link', { name: t('quest_link') }).click();
	await expect(f).toHaveURL(`/cohorts/${cohortId}/outcomes/questionnaire`);
	await expect(f.getByTestId('quest-respondents')).toHaveText(t('quest_respondents', { count: 4, total: 4 }));
	const everyone = [ROSE, ...CLASSMATES.map((c) => c.answers)];
	for (const question of COUNTED) {
		const block = f.locator(`[data-question=${question}]`);
		const given = everyone.map((a) => a[question]).filter(Boolean);
		await expect(block).toHaveAttribute('data-answered', String(given.length));
		for (const option of new Set(given))
			await expect(block.locator(`li[data-option=${option}]`), `${question} = ${option}`).toHaveAttribute(
				'data-count',
				String(given.filter((g) => g === option).length)
			);
	}
	// The unnamed people's sentences, without names, in alphabetical order; Sami agreed to be named, the others did not.
	await expect(f.locator('ul.sentences li')).toHaveText([
		`« ${ROSE.sentence} »`,
		`« ${CLASSMATES[1].answers.sentence} »`
	]);
	await expect(f.locator('.named h3')).toHaveText([`Sami${suffix}`]);
	for (const hidden of [rose, `Malo${suffix}`, `Lou${suffix}`]) await expect(f.getByText(hidden)).toHaveCount(0);
	await axe(f, 'the aggregate on a desktop');
	await f.close();
});

test('a question screen passes axe on a desktop too', async ({ browser }) => {
	const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
	cleanup.push(context);
	const page = await context.newPage();
	await loginParticipant(page, rose, cohortCode);
	await page.goto('/me/questionnaire?q=connection');
	await expect(page.locator('section.ask')).toHaveAttribute('data-question', 'connection');
	await expect(page.locator('button[data-chosen="1"]')).toHaveText(new RegExp(t('quest_connection_sometimes')));
	await axe(page, 'a question screen on a desktop');
});
