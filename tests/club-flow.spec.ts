/**
 * Issue 2, acceptance 3: a facilitator builds a programme, a cohort and an invite; a participant on
 * a phone joins with the invite, comes back with first name + cohort code + PIN, and a run of wrong
 * PINs locks the account (a right PIN during the lock is refused too). Everything here is the
 * spec's own data: the seeded accounts are only used to log the facilitator in.
 */
import { devices, expect, test, type Page } from '@playwright/test';
import {
	addBlock,
	createCohort,
	createInvite,
	createProgramme,
	joinWithInvite,
	parisDate,
	unique,
	updateActivity,
	type BlockSpec
} from './builders';
import { loginParticipant, loginStaff, logout, STAFF, submitParticipantLogin, t } from './helpers';

const run = unique();
const programmeTitle = `Club emploi express ${run}`;
const cohortName = `Groupe express ${run}`;
// The cohort starts tomorrow (Paris), so its first block is still to come whatever the hour of the run.
const startDate = parisDate(1);
const BLOCKS: BlockSpec[] = [
	{
		kind: 'live',
		title: `Accueil en visio ${run}`,
		dayOffset: 0,
		startTime: '09:30',
		durationMinutes: 60,
		objectives: 'Se présenter ; tester caméra et micro.',
		skills: [t('skill_join_video_call')]
	},
	{
		kind: 'in_person',
		title: `Atelier CV sur place ${run}`,
		dayOffset: 1,
		startTime: '10:00',
		durationMinutes: 120,
		objectives: 'Construire un CV clair.'
	},
	{
		kind: 'async',
		title: `Mon CV chez moi ${run}`,
		dayOffset: 2,
		startTime: '09:00',
		durationMinutes: 60,
		objectives: 'Envoyer une première version.',
		skills: [t('skill_send_document')]
	}
];
const [LIVE, IN_PERSON, ASYNC] = BLOCKS;
const MOVED_TO = parisDate(1 + 4);

/** The cohort's timeline as a facilitator reads it: one line per activity, with its day. */
async function timelineDays(page: Page) {
	return page.locator('li.activity').evaluateAll((items) =>
		items.map((item) => {
			let day: Element | null = item.parentElement;
			while (day && day.tagName !== 'H4') day = day.previousElementSibling;
			return {
				kind: item.getAttribute('data-kind'),
				title: item.querySelector('p.title')?.textContent?.trim(),
				day: day?.textContent?.trim()
			};
		})
	);
}

test('a facilitator builds a club and a participant joins it from a phone, comes back with a PIN, and gets locked out after five wrong PINs', async ({
	browser,
	page
}) => {
	test.setTimeout(90_000);
	let cohort = { id: '', code: '' };
	let inviteLink = '';

	await test.step('the facilitator builds a 3-block programme (live, in person, async)', async () => {
		await loginStaff(page, STAFF.claire);
		const programmeId = await createProgramme(page, programmeTitle, 'Trois jours pour repartir du bon pied.');
		for (const block of BLOCKS) await addBlock(page, block);
		await expect(page.locator('ol.blocks > li')).toHaveCount(3);
		await page.goto('/programmes');
		await expect(page.locator('li', { hasText: programmeTitle })).toContainText(
			t('programme_block_count', { count: 3 })
		);
		expect(programmeId).toMatch(/^[a-z2-7]{16}$/);
	});

	await test.step('creates a cohort from it, starting tomorrow', async () => {
		cohort = await createCohort(page, { programmeTitle, name: cohortName, startDate, modality: 'hybrid' });
	});

	await test.step('the cohort timeline shows the three blocks, each kind visually distinct', async () => {
		const activities = page.locator('li.activity');
		await expect(activities).toHaveCount(3);
		for (const block of BLOCKS) {
			const item = page.locator(`li.activity[data-kind=${block.kind}]`);
			await expect(item).toHaveCount(1);
			await expect(item.locator('p.title')).toHaveText(block.title);
			await expect(item.locator('.kind')).toContainText(t(`kind_${block.kind}`));
		}
		// Colour and border style both differ, so the kinds stay apart without colour vision.
		const looks = await activities.evaluateAll((items) =>
			items.map((item) => {
				const style = getComputedStyle(item);
				return {
					colour: style.borderLeftColor,
					line: style.borderLeftStyle,
					badge: getComputedStyle(item.querySelector('.kind')!).backgroundColor
				};
			})
		);
		for (const aspect of ['colour', 'line', 'badge'] as const) {
			expect(new Set(looks.map((l) => l[aspect])).size, `three different ${aspect}s: ${JSON.stringify(looks)}`).toBe(3);
		}
	});

	await test.step('creates an invite and gets its link', async () => {
		inviteLink = await createInvite(page, cohort.id, { maxUses: 1, validDays: 7 });
	});

	const phone = await browser.newContext({ ...devices['Pixel 7'], locale: 'fr-FR', timezoneId: 'Europe/Paris' });
	try {
		const participant = await phone.newPage();
		const firstName = 'Noémie';
		const pin = '4821';

		await test.step('on a phone, the participant opens the invite, sets a PIN and lands on /me with the next activity', async () => {
			await joinWithInvite(participant, inviteLink, firstName, pin);
			const next = participant.locator('section.next');
			await expect(next.getByRole('heading', { level: 2 })).toHaveText(t('me_next'));
			// The live block on day 0 comes first; the async one is listed as due, not as "next".
			await expect(next.locator('p.title')).toHaveText(LIVE.title);
			await expect(next.locator('.kind')).toContainText(t('kind_live'));
			await expect(participant.getByText(ASYNC.title)).toBeVisible();
			await expect(participant.getByText(t('me_cohort_code', { cohort: cohortName, code: cohort.code }))).toBeVisible();
		});

		await test.step('logs out, then back in with first name + cohort code + PIN', async () => {
			await logout(participant);
			await loginParticipant(participant, firstName, cohort.code, pin);
			await expect(participant.locator('section.next p.title')).toHaveText(LIVE.title);
			await logout(participant);
		});

		await test.step('five wrong PINs: refused, and locked with a clear message at the fifth', async () => {
			const form = participant.locator('form[action="?/participant"]');
			for (let attempt = 1; attempt <= 5; attempt++) {
				await submitParticipantLogin(participant, firstName, cohort.code, `90${attempt}0`);
				await expect(participant, `wrong PIN #${attempt} is refused`).toHaveURL(/\/login/);
				await expect(form.locator('p.form-error[role=alert]'), `message after wrong PIN #${attempt}`).toHaveText(
					t(attempt < 5 ? 'login_invalid' : 'login_locked')
				);
				// What was typed stays, except the secret.
				await expect(form.getByLabel(t('field_first_name'), { exact: true })).toHaveValue(firstName);
				await expect(form.getByLabel(t('field_cohort_code'), { exact: true })).toHaveValue(cohort.code);
				await expect(form.getByLabel(t('field_pin'), { exact: true })).toHaveValue('');
			}
		});

		await test.step('a sixth attempt with the RIGHT PIN is still refused during the lock', async () => {
			await submitParticipantLogin(participant, firstName, cohort.code, pin);
			await expect(participant).toHaveURL(/\/login/);
			await expect(participant.locator('form[action="?/participant"] p.form-error[role=alert]')).toHaveText(
				t('login_locked')
			);
			expect(
				(await phone.cookies()).map((c) => c.name),
				'no session was opened'
			).not.toContain('tablee_session');
			await participant.goto('/me');
			await expect(participant).toHaveURL(/\/login/);
		});
	} finally {
		await phone.close();
	}

	await test.step('moving an activity changes the cohort, not the programme template', async () => {
		await page.goto(`/cohorts/${cohort.id}`);
		const before = await timelineDays(page);
		await updateActivity(page, IN_PERSON.title, { date: MOVED_TO, time: '14:00' });
		const after = await timelineDays(page);
		const moved = after.find((a) => a.title === IN_PERSON.title);
		expect(moved?.day, 'the activity now sits on its new day').not.toBe(
			before.find((a) => a.title === IN_PERSON.title)?.day
		);
		expect(after.filter((a) => a.title !== IN_PERSON.title)).toEqual(before.filter((a) => a.title !== IN_PERSON.title));
		const item = page.locator('li.activity', { has: page.locator('p.title', { hasText: IN_PERSON.title }) });
		await expect(item.locator('.time')).toContainText('14:00');
		await expect(item.getByLabel(t('field_date'), { exact: true })).toHaveValue(MOVED_TO);

		// The template still says day 2 (offset 1) at 10:00, for 2 hours (said "2 h", not "120 min").
		await page.goto('/programmes');
		await page.getByRole('link', { name: programmeTitle }).click();
		const block = page.locator('ol.blocks > li', { has: page.locator('p.title', { hasText: IN_PERSON.title }) });
		expect(IN_PERSON.durationMinutes % 60, 'a whole number of hours').toBe(0);
		await expect(block.locator('.row strong')).toHaveText(
			`${t('programme_day', { day: IN_PERSON.dayOffset + 1 })} · ${IN_PERSON.startTime} · ${t('everyday2_duration_hours', { hours: IN_PERSON.durationMinutes / 60 })}`
		);
		// The day field holds the day number shown above it (issue 11: it held the 0-based offset).
		await expect(block.getByLabel(t('field_day'), { exact: true })).toHaveValue(String(IN_PERSON.dayOffset + 1));
		await expect(block.getByLabel(t('field_start_time'), { exact: true })).toHaveValue(IN_PERSON.startTime);
	});
});
