/**
 * Issue 5 — the "first morning" path on a phone (Pixel 7, 360 px wide): /me → /me/start in one tap,
 * every step can be read aloud (speechSynthesis.speak gets the step's words), "c'est fait" records
 * the person's own word and shows on /me/skills, and no page scrolls sideways.
 */
import { expect, test, type Page } from '@playwright/test';
import { uniqueLetters } from './builders';
import { t } from './helpers';
import { buildAssignmentClub, joinClub } from './assignment-helpers';

const noSideScroll = async (page: Page) =>
	expect(
		await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
		'no horizontal overflow'
	).toBeLessThanOrEqual(0);

test('a new participant walks the first-morning path with read-aloud and sees it on /me/skills', async ({
	browser,
	page,
	context
}) => {
	test.setTimeout(90_000);
	const club = await buildAssignmentClub(browser, uniqueLetters());
	const newcomer = await joinClub(browser, club, 'Matin');
	await context.addCookies(newcomer.cookies);
	// Record what would be spoken (headless Chromium has no voice to play it).
	await page.addInitScript(() => {
		const spoken: string[] = [];
		(window as unknown as { __spoken: string[] }).__spoken = spoken;
		if ('speechSynthesis' in window) {
			window.speechSynthesis.speak = (u: SpeechSynthesisUtterance) => void spoken.push(u.text);
		}
	});

	await page.goto('/me');
	await noSideScroll(page);
	await page.getByRole('link', { name: t('onboarding_prompt_link') }).click();
	await expect(page).toHaveURL(/\/me\/start$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(t('onboarding_title'));
	await noSideScroll(page);

	const steps = page.locator('li.step');
	await expect(steps).toHaveCount(7);
	await expect(page.getByTestId('onboarding-progress')).toHaveText(t('onboarding_progress', { done: 0, total: 7 }));
	for (let i = 0; i < 7; i++) {
		const step = steps.nth(i);
		const skillId = (await step.getAttribute('data-step')) ?? '';
		const words = `${t(`onboarding_step_${skillId}_title`)}. ${t(`onboarding_step_${skillId}_text`)}`;
		const button = step.getByRole('button', { name: new RegExp(`^${t('assignment_read_aloud')}`) });
		await expect(button).toBeVisible();
		const box = await button.boundingBox();
		expect(box!.height, 'a big enough target').toBeGreaterThanOrEqual(44);
		await button.click();
		await expect
			.poll(() => page.evaluate(() => (window as unknown as { __spoken: string[] }).__spoken.at(-1)))
			.toBe(words);
	}

	await test.step('"c\'est fait" on "raise your hand" records the person’s word', async () => {
		const step = page.locator('li.step[data-step=raise_hand]');
		await step.getByRole('button', { name: new RegExp(`^${t('onboarding_done_button')}`) }).click();
		await expect(page.locator('li.step[data-step=raise_hand]')).toHaveAttribute('data-done', '1');
		await expect(page.getByTestId('onboarding-progress')).toHaveText(t('onboarding_progress', { done: 1, total: 7 }));
		await page
			.locator('li.step[data-step=use_chat]')
			.getByRole('button', { name: new RegExp(`^${t('onboarding_help_button')}`) })
			.click();
		await expect(page.locator('li.step[data-step=use_chat]')).toContainText(t('onboarding_step_help'));
		await noSideScroll(page);
	});

	await test.step('/me/skills shows it, and the /me prompt is gone', async () => {
		await page.goto('/me/skills');
		const hand = page.locator('li.skill[data-skill=raise_hand]');
		await expect(hand).toHaveAttribute('data-level', 'autonomous');
		await expect(hand).toHaveAttribute('data-source', 'self');
		await expect(hand).toContainText(t('skills_me_said'));
		await expect(page.locator('li.skill[data-skill=use_chat]')).toHaveAttribute('data-level', 'with_help');
		await noSideScroll(page);
		await page.goto('/me');
		await expect(page.getByRole('link', { name: t('onboarding_prompt_link') })).toHaveCount(0);
	});
});
