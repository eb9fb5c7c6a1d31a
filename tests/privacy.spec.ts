/**
 * Issue 5, privacy: the intake profile, who may read it, the audit log, the GDPR export and erasure,
 * through the real server. Claire builds her own cohort with two throwaway participants (never a
 * seeded person other specs use): she fills the profile of one, the other is a classmate.
 */
import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { createCohort, createInvite, joinWithInvite, parisDate, unique, uniqueLetters } from './builders';
import { DEMO_PROGRAMME, loginParticipant, loginStaff, STAFF, t } from './helpers';
import { e2eDb } from './live-helpers';

const PIN = '2468';
const NOTE = `Cherche une garde le matin ${unique()}`;

async function staffPage(browser: Browser, email: string): Promise<Page> {
	const page = await (await browser.newContext()).newPage();
	await loginStaff(page, email);
	return page;
}

async function participantPage(browser: Browser, firstName: string, code: string): Promise<Page> {
	const page = await (await browser.newContext()).newPage();
	await loginParticipant(page, firstName, code, PIN);
	return page;
}

const status = async (ctx: APIRequestContext, path: string) => (await ctx.get(path, { maxRedirects: 0 })).status();

test('the intake profile: filled by the facilitator, refused to others, every read logged, exported and erased', async ({
	browser
}) => {
	test.setTimeout(180_000);
	const claire = await staffPage(browser, STAFF.claire);
	const { id: cohortId, code } = await createCohort(claire, {
		programmeTitle: DEMO_PROGRAMME,
		name: `Profils ${unique()}`,
		startDate: parisDate(-1),
		modality: 'hybrid'
	});
	const invite = await createInvite(claire, cohortId, { maxUses: 2 });
	const person = `Rosalie${uniqueLetters()}`.slice(0, 20);
	const classmate = `Gaston${uniqueLetters()}`.slice(0, 20);
	for (const name of [person, classmate]) {
		const context = await browser.newContext();
		await joinWithInvite(await context.newPage(), invite, name, PIN);
		await context.close();
	}
	await claire.goto(`/cohorts/${cohortId}?section=people`);
	const href = (await claire.getByRole('link', { name: person, exact: true }).getAttribute('href')) ?? '';
	const userId = href.split('/').pop() ?? '';
	expect(userId).toMatch(/^[a-z2-7]{16}$/);
	const profilePath = `/cohorts/${cohortId}/people/${userId}/profile`;
	const exportPath = `/cohorts/${cohortId}/people/${userId}/export`;

	// Claire fills the profile from the participant file.
	await claire.goto(`/cohorts/${cohortId}/people/${userId}`);
	await claire.getByRole('link', { name: t('file_link_profile') }).click();
	await expect(claire).toHaveURL(new RegExp(`${profilePath}$`));
	const form = claire.locator('form[action="?/save"]');
	await form.getByLabel(t('profile_field_age_band'), { exact: true }).selectOption('35_44');
	await form.getByLabel(t('profile_field_education'), { exact: true }).selectOption('bac');
	await form.getByLabel(t('profile_benefit_rsa'), { exact: true }).check();
	await form.getByLabel(t('profile_obstacle_childcare'), { exact: true }).check();
	await form.getByLabel(t('profile_obstacle_mobility'), { exact: true }).check();
	await form.getByLabel(t('profile_field_obstacles_note'), { exact: true }).fill(NOTE);
	await form.getByLabel(t('profile_field_mobility'), { exact: true }).fill('15');
	await form.getByLabel(t('profile_field_target'), { exact: true }).selectOption('job');
	await form.getByLabel(t('profile_field_consent'), { exact: true }).check();
	await form.getByLabel(t('profile_field_consent_how'), { exact: true }).selectOption('paper');
	await form.getByRole('button', { name: t('profile_save') }).click();
	await expect(claire.getByRole('status')).toHaveText(t('saved'));
	await claire.goto(profilePath);
	await expect(form.getByLabel(t('profile_field_obstacles_note'), { exact: true })).toHaveValue(NOTE);
	await expect(form.getByLabel(t('profile_obstacle_childcare'), { exact: true })).toBeChecked();
	await expect(
		claire
			.locator('section', { hasText: t('profile_history_title') })
			.getByText(`${t('profile_action_read')} par Claire`)
			.first()
	).toBeVisible();

	// The audit log holds each of Claire's reads, with who and when.
	const claireId = (() => {
		const db = e2eDb();
		try {
			return (db.prepare('select id from user where email = ?').get(STAFF.claire) as { id: string }).id;
		} finally {
			db.close();
		}
	})();
	const db = e2eDb();
	const reads = db
		.prepare(
			"select actor_id, at from audit_log where subject_type = 'person' and subject_id = ? and action = 'profile.read' order by at"
		)
		.all(userId) as { actor_id: string; at: number }[];
	const writes = db
		.prepare("select actor_id from audit_log where subject_id = ? and action = 'profile.write'")
		.all(userId) as { actor_id: string }[];
	db.close();
	expect(reads.length).toBeGreaterThanOrEqual(3);
	expect(reads.every((r) => r.actor_id === claireId && Math.abs(Number(r.at) - Date.now()) < 5 * 60_000)).toBe(true);
	expect(writes).toEqual([{ actor_id: claireId }]);

	// A director, the facilitator of another cohort and a classmate get 403 on the profile and the export.
	const director = await staffPage(browser, STAFF.director);
	const julien = await staffPage(browser, STAFF.julien);
	const mate = await participantPage(browser, classmate, code);
	for (const [who, page] of [
		['director', director],
		['Julien', julien],
		['classmate', mate]
	] as const) {
		expect(await status(page.request, profilePath), `${who} reads the profile`).toBe(403);
		expect(await status(page.request, exportPath), `${who} exports the data`).toBe(403);
		const post = await page.request.post(`${profilePath}?/save`, {
			form: { obstaclesNote: 'intrusion' },
			headers: { accept: 'application/json', origin: new URL(page.url()).origin },
			maxRedirects: 0
		});
		expect(post.status(), `${who} writes the profile`).toBe(403);
		expect((await post.json()).type).toBe('error');
	}
	const readsAfter = (() => {
		const d = e2eDb();
		try {
			return (
				d
					.prepare("select count(*) as n from audit_log where subject_id = ? and action = 'profile.read'")
					.get(userId) as { n: number }
			).n;
		} finally {
			d.close();
		}
	})();
	expect(readsAfter, 'refused reads are not reads').toBe(reads.length);

	// The person reads what the club knows about them (from /account) and downloads their data.
	const me = await participantPage(browser, person, code);
	await me.goto('/account');
	await me.getByRole('link', { name: t('privacy_account_link') }).click();
	await expect(me).toHaveURL(/\/me\/profile$/);
	await expect(me.getByText(NOTE)).toBeVisible();
	await expect(me.getByText(t('profile_obstacle_childcare'), { exact: false }).first()).toBeVisible();
	const downloading = me.waitForEvent('download');
	await me.getByRole('link', { name: t('privacy_me_download') }).click();
	const download = await downloading;
	const path = await download.path();
	const { readFileSync } = await import('node:fs');
	const data = JSON.parse(readFileSync(path, 'utf8'));
	expect(data.user).toMatchObject({ id: userId, first_name: person });
	expect(data.profile).toMatchObject({
		obstaclesNote: NOTE,
		obstacles: ['childcare', 'mobility'],
		consent: true,
		consentHow: 'paper'
	});
	expect(JSON.stringify(data)).not.toMatch(/pin_hash|password_hash|token_hash/);
	const exported = await claire.request.get(exportPath);
	expect(exported.status()).toBe(200);
	expect(exported.headers()['content-disposition']).toMatch(/^attachment;/);

	// Claire erases the person: a wrong first name is refused, the right one erases; the name is gone from her pages.
	await claire.goto(profilePath);
	const erase = claire.locator('form[action="?/erase"]');
	await erase.getByLabel(t('privacy_erase_confirm_label', { name: person }), { exact: true }).fill('Quelquun');
	await erase.getByRole('button', { name: t('privacy_erase_button') }).click();
	await expect(claire.getByText(t('privacy_erase_confirm_mismatch'))).toBeVisible();
	await erase.getByLabel(t('privacy_erase_confirm_label', { name: person }), { exact: true }).fill(person);
	await erase.getByRole('button', { name: t('privacy_erase_button') }).click();
	await expect(claire).toHaveURL(new RegExp(`/cohorts/${cohortId}/people/${userId}\\?erased=1$`));
	await expect(claire.getByRole('heading', { level: 1 })).toHaveText(t('privacy_erased_person'));
	await expect(claire.locator('main')).not.toContainText(person);
	await claire.goto(`/cohorts/${cohortId}?section=people`);
	await expect(claire.locator('main')).not.toContainText(person);
	await expect(claire.locator('main').getByText(t('privacy_erased_person')).first()).toBeVisible();
	await claire.goto(profilePath);
	await expect(claire.locator('main')).not.toContainText(NOTE);
	// Their session is gone: the person is back on the login page.
	await me.goto('/me/profile');
	await expect(me).toHaveURL(/\/login/);
});
