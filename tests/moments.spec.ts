/**
 * Issue 5, acceptance 4: informal moments recorded from the salon de thé (a real LiveKit connection)
 * and by hand (a coffee break logged by the facilitator) both appear on the cohort timeline on the
 * right day and on the person's file, with their durations. And a goal achieved is celebrated on
 * /me until the person closes the banner.
 *
 * A club of its own (buildLiveClub: a fresh cohort of Claire's and fresh participants), never the
 * seeded people other specs rely on.
 */
import { expect, test, type Page } from '@playwright/test';
import { t } from './helpers';
import { buildLiveClub, closeClub, e2eDb, joinShownRoom, parisClock, type LiveClub } from './live-helpers';

let club: LiveClub;
test.beforeAll(async ({ browser }) => {
	test.setTimeout(120_000);
	club = await buildLiveClub(browser, 1);
});
test.afterAll(async () => closeClub(club));

const salonPresences = (cohortId: string, userId: string) => {
	const db = e2eDb();
	try {
		return db
			.prepare("select * from presence where kind = 'salon' and cohort_id = ? and user_id = ?")
			.all(cohortId, userId) as { left_at: number | null }[];
	} finally {
		db.close();
	}
};

async function enterSalon(page: Page, cohortId: string) {
	await page.goto(`/salon/${cohortId}`);
	await joinShownRoom(page);
}

test('salon-de-thé time and a coffee break logged by hand show on the timeline and on the person’s file', async () => {
	test.setTimeout(120_000);
	const [person] = club.participants;
	const facilitator = club.facilitator.page;

	// A few seconds in the salon de thé, with a real LiveKit connection, then out.
	await enterSalon(person.page, club.cohortId);
	await expect.poll(() => salonPresences(club.cohortId, person.id).length, { timeout: 15_000 }).toBe(1);
	await person.page.waitForTimeout(3_000);
	await person.page.getByRole('button', { name: t('room_leave') }).click();
	await expect
		.poll(() => salonPresences(club.cohortId, person.id)[0]?.left_at ?? null, { timeout: 15_000 })
		.not.toBeNull();

	// A coffee break for that person, ten minutes ago, twenty minutes long.
	const when = parisClock(Date.now() - 10 * 60_000);
	const today = parisClock(Date.now()).date;
	await facilitator.goto(`/cohorts/${club.cohortId}/moments`);
	const form = facilitator.locator('form[action="?/logMoment"]');
	await form.getByLabel(t('moment_field_kind'), { exact: true }).selectOption('coffee_break');
	await form.getByLabel(t('field_date'), { exact: true }).fill(when.date);
	await form.getByLabel(t('moment_field_time'), { exact: true }).fill(when.time);
	await form.getByLabel(t('moment_field_duration'), { exact: true }).fill('20');
	await form.getByLabel(person.name).check();
	await form.getByLabel(t('moment_field_note'), { exact: true }).fill('Elle a aidé un voisin à ouvrir sa messagerie.');
	await form.getByRole('button', { name: t('moment_save') }).click();
	await expect(facilitator.getByRole('status')).toHaveText(t('saved'));
	await expect(facilitator.locator('li.moment')).toHaveCount(2);

	// The cohort timeline: both on their day, beside the curriculum blocks; the note stays the facilitators'.
	for (const page of [facilitator, person.page]) {
		await page.goto(`/cohorts/${club.cohortId}`);
		const coffee = page.locator(`ul.moments[data-date="${when.date}"] li[data-moment-kind=coffee_break]`);
		await expect(coffee).toHaveCount(1);
		await expect(coffee).toContainText(t('moment_kind_coffee_break'));
		await expect(coffee).toContainText(`${when.time} · ${t('duration_minutes', { minutes: 20 })}`);
		await expect(coffee).toContainText(t('moment_people_count', { count: 1 }));
		const salon = page.locator(`ul.moments[data-date="${today}"] li[data-moment-kind=salon]`);
		await expect(salon).toHaveCount(1);
		await expect(salon).toContainText(t('duration_minutes', { minutes: 1 }));
		await expect(page.locator('main')).not.toContainText('aidé un voisin');
	}

	// The person's file: both moments, their minutes and the total (a few seconds count as one minute).
	await facilitator.goto(`/cohorts/${club.cohortId}/people/${person.id}`);
	await expect(facilitator.getByText(t('moment_total', { minutes: 21 }))).toBeVisible();
	const moments = facilitator.locator('li.informal-moment');
	await expect(moments).toHaveCount(2);
	await expect(moments.and(facilitator.locator('[data-moment-kind=coffee_break]'))).toContainText(
		t('moment_their_minutes', { minutes: 20 })
	);
	await expect(moments.and(facilitator.locator('[data-moment-kind=coffee_break]'))).toContainText('aidé un voisin');
	await expect(moments.and(facilitator.locator('[data-moment-kind=salon]'))).toContainText(
		t('moment_their_minutes', { minutes: 1 })
	);

	// The moments page counts each person's informal time.
	await facilitator.goto(`/cohorts/${club.cohortId}/moments`);
	await expect(facilitator.locator('.per-person li', { hasText: person.name })).toContainText(
		t('duration_minutes', { minutes: 21 })
	);

	// The person sees their own informal time (minutes only) on /me/goals.
	await person.page.goto('/me/goals');
	await expect(person.page.getByText(t('moment_me_total', { minutes: 21 }))).toBeVisible();
});

test('an achieved goal is celebrated on /me until the person closes the banner', async () => {
	test.setTimeout(60_000);
	const [person] = club.participants;
	const facilitator = club.facilitator.page;
	const title = 'Finir mon CV';

	await facilitator.goto(`/cohorts/${club.cohortId}/people/${person.id}/goals`);
	const form = facilitator.locator('form[action="?/createGoal"]');
	await form.getByLabel(t('goal_field_kind'), { exact: true }).selectOption('step');
	await form.getByLabel(t('goal_field_title'), { exact: true }).fill(title);
	await form.getByLabel(t('goal_field_status'), { exact: true }).selectOption('in_progress');
	await form.getByRole('button', { name: t('goal_save') }).click();
	await expect(facilitator.locator('li.goal', { hasText: title })).toHaveAttribute('data-status', 'in_progress');

	// Nothing to celebrate yet; the person marks their step done on /me/goals.
	const page = person.page;
	await page.goto('/me');
	await expect(page.locator('.celebration')).toHaveCount(0);
	await page.goto('/me/goals');
	await page
		.locator('li.goal', { hasText: title })
		.getByRole('button', { name: new RegExp(`^${t('goal_me_done')}`) })
		.click();
	await expect(page.locator('li.goal', { hasText: title })).toHaveAttribute('data-status', 'achieved');

	await page.goto('/me');
	const banner = page.locator('.celebration');
	await expect(banner).toHaveCount(1);
	await expect(banner).toContainText(t('goal_celebrate', { title }));
	await banner.getByRole('button', { name: t('goal_celebrate_close') }).click();
	await expect(page.locator('.celebration')).toHaveCount(0);
	await page.goto('/me');
	await expect(page.locator('.celebration')).toHaveCount(0);

	// The facilitator sees it achieved.
	await facilitator.goto(`/cohorts/${club.cohortId}/people/${person.id}/goals`);
	await expect(facilitator.locator('li.goal', { hasText: title })).toHaveAttribute('data-status', 'achieved');
});

test('the moment form refuses bad input with a message by the field, keeps what was typed and writes nothing', async () => {
	test.setTimeout(60_000);
	const [person] = club.participants;
	const page = club.facilitator.page;
	await page.goto(`/cohorts/${club.cohortId}/moments`);
	const before = await page.locator('li.moment').count();
	const form = page.locator('form[action="?/logMoment"]');
	const send = async (values: { date?: string; time?: string; duration?: string; note?: string; tick?: boolean }) => {
		await form
			.getByLabel(t('field_date'), { exact: true })
			.fill(values.date ?? parisClock(Date.now() - 3_600_000).date);
		await form
			.getByLabel(t('moment_field_time'), { exact: true })
			.fill(values.time ?? parisClock(Date.now() - 3_600_000).time);
		await form.getByLabel(t('moment_field_duration'), { exact: true }).fill(values.duration ?? '30');
		await form.getByLabel(t('moment_field_note'), { exact: true }).fill(values.note ?? 'Repas ensemble.');
		if (values.tick ?? true) await form.getByLabel(person.name).check();
		else await form.getByLabel(person.name).uncheck();
		await form.getByRole('button', { name: t('moment_save') }).click();
		await page.waitForLoadState();
	};
	// Nobody ticked.
	await send({ tick: false, note: 'Personne ?' });
	await expect(page.locator('#moment-people-error')).toHaveText(t('moment_people_required'));
	await expect(form.getByLabel(t('moment_field_note'), { exact: true })).toHaveValue('Personne ?');
	// A duration out of range, and markup in the note: one message each, by the field.
	await send({ duration: '0' });
	await expect(page.locator('#moment-durationMinutes-error')).toHaveText(t('form_number_range', { value: '1–600' }));
	await expect(form.getByLabel(person.name)).toBeChecked();
	await send({ note: '<script>alert(1)</script>' });
	await expect(page.locator('#moment-note-error')).toHaveText(t('form_no_markup'));
	// A moment tomorrow: refused for the whole form.
	await send({ date: parisClock(Date.now() + 2 * 864e5).date, note: 'Demain' });
	await expect(form.locator('p.form-error[role=alert]')).toHaveText(t('moment_in_future'));
	await expect(form.getByLabel(t('moment_field_note'), { exact: true })).toHaveValue('Demain');
	await page.goto(`/cohorts/${club.cohortId}/moments`);
	await expect(page.locator('li.moment')).toHaveCount(before);
});
