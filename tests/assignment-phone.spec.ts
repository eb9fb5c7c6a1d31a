/**
 * Issue 4, acceptance 1, on a phone (the phone project: a Pixel 7): a participant opens an
 * assignment from /me, hears its instructions, photographs a document larger than 1600 px with the
 * camera button; the browser downscales it, the progress bar shows, and the STORED file is at most
 * 1600 px on its long side (read from its JPEG bytes on the server's disk). The facilitator sees it,
 * answers and asks for a new version; the participant sees the feedback on /me and sends version 2.
 * Then: a draft is kept on the phone when the connection drops, and leaves when it comes back; a
 * send whose answer is lost is stored once when the phone tries again.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { unique } from './builders';
import {
	buildAssignmentClub,
	canvasJpeg,
	joinClub,
	jpegSize,
	query,
	storedFiles,
	uploadsDir,
	userIdOf,
	type AssignmentClub
} from './assignment-helpers';
import { hydrated, t } from './helpers';

test.describe.configure({ mode: 'serial' });

let club: AssignmentClub;
test.beforeAll(async ({ browser }) => {
	test.setTimeout(120_000);
	club = await buildAssignmentClub(browser, unique());
});

/** What the page asked the speech synthesis to say (the real one is replaced by a recorder). */
const RECORD_SPEECH = () => {
	const said: { text: string; lang: string }[] = [];
	(window as unknown as { __said: typeof said }).__said = said;
	const synth = {
		speak: (u: SpeechSynthesisUtterance) => said.push({ text: u.text, lang: u.lang }),
		cancel: () => {},
		getVoices: () => []
	};
	Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
};

async function openFromMe(page: Page) {
	await page.goto('/me');
	const item = page.locator('li.due-item', { hasText: club.title });
	await expect(item).toHaveCount(1);
	await item.getByRole('link', { name: club.title }).click();
	await expect(page).toHaveURL(new RegExp(`/me/assignments/${club.activityId}$`));
	return item;
}

test('a participant sends a photo of a document from the phone; it is stored downscaled; the feedback comes back to /me', async ({
	browser,
	page
}) => {
	test.setTimeout(120_000);
	const { firstName, cookies } = await joinClub(browser, club, 'Awa');
	await page.context().addCookies(cookies);
	await page.addInitScript(RECORD_SPEECH);

	await test.step('from /me, one tap opens the assignment: to hand in, with its instructions', async () => {
		await page.goto('/me');
		await expect(page.locator('li.due-item', { hasText: club.title })).toContainText(t('assignment_state_todo'));
		await openFromMe(page);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(club.title);
		await expect(page.locator('.instructions')).toHaveText(club.instructions);
		await expect(page.locator('[data-state]').first()).toHaveAttribute('data-state', 'todo');
	});

	await test.step('the instructions are read aloud in French', async () => {
		await page.getByRole('button', { name: t('assignment_read_aloud') }).click();
		expect(await page.evaluate(() => (window as unknown as { __said: unknown[] }).__said)).toEqual([
			{ text: club.instructions, lang: 'fr-FR' }
		]);
	});

	let original: Buffer = Buffer.alloc(0);
	await test.step('a 2400 × 1800 photo taken with the camera button is downscaled before it leaves the phone', async () => {
		original = await canvasJpeg(page, 2400, 1800);
		expect(jpegSize(original)).toEqual({ width: 2400, height: 1800 });
		await page
			.getByLabel(t('assignment_field_text'), { exact: true })
			.fill('Voici mon CV. Je cherche un poste de vendeuse.');
		await expect(page.locator('label[for=photos]')).toHaveText(new RegExp(t('assignment_take_photo')));
		await page
			.locator('input#photos')
			.setInputFiles({ name: 'IMG_2041.jpg', mimeType: 'image/jpeg', buffer: original });
		const chosen = page.locator('ul.chosen li');
		await expect(chosen).toHaveCount(1);
		await expect(chosen).toHaveAttribute('data-ready', 'true', { timeout: 20_000 });
		await expect(chosen).toContainText('IMG_2041.jpg');
	});

	await test.step('sending shows a progress bar, then says it is sent', async () => {
		// A slow upload (as on a weak phone connection), so the progress can be seen.
		const cdp = await page.context().newCDPSession(page);
		await cdp.send('Network.enable');
		await cdp.send('Network.emulateNetworkConditions', {
			offline: false,
			latency: 50,
			downloadThroughput: -1,
			uploadThroughput: 96 * 1024
		});
		await page.getByRole('button', { name: t('assignment_send') }).click();
		await expect(page.locator('progress#send-progress')).toBeVisible();
		await expect(page.locator('.send-state')).toContainText(/Envoi en cours : \d+ %/);
		await expect(page.getByText(t('assignment_sent'))).toBeVisible({ timeout: 30_000 });
		// Back to full speed: the emulation ends with the session.
		await cdp.detach();
		await expect(page.locator('[data-state]').first()).toHaveAttribute('data-state', 'sent');
		await expect(page.getByText(t('assignment_waiting'))).toHaveCount(0);
		await expect(page.locator('ol.versions > li')).toHaveCount(1);
	});

	await test.step('the stored file is a JPEG at most 1600 px on its long side, with no row or file left half-done', async () => {
		const userId = userIdOf(firstName, club.cohortId);
		const files = query<{
			id: string;
			mime: string;
			width: number;
			height: number;
			size: number;
			source: string;
			version: number;
		}>(
			'select f.id, f.mime, f.width, f.height, f.size, f.source, s.version from submission_file f join submission s on s.id = f.submission_id where s.user_id = ? and s.activity_id = ?',
			userId,
			club.activityId
		);
		expect(files).toHaveLength(1);
		const stored = readFileSync(join(uploadsDir(), files[0].id));
		const size = jpegSize(stored);
		expect(Math.max(size.width, size.height), 'long side of the stored photo').toBeLessThanOrEqual(1600);
		expect(size, 'downscaled, not cropped: 4:3 as the photo').toEqual({ width: 1600, height: 1200 });
		expect(files[0]).toMatchObject({
			mime: 'image/jpeg',
			width: 1600,
			height: 1200,
			size: stored.length,
			source: 'camera',
			version: 1
		});
		expect(stored.length).toBeLessThan(original.length);
		expect(storedFiles().tmp.filter((f) => f === files[0].id)).toEqual([]);
		const evidence = query<{ skill_id: string; event: string }>(
			"select skill_id, event from skill_evidence where user_id = ? and source = 'observed' order by skill_id",
			userId
		);
		expect(evidence).toEqual([
			{ skill_id: 'photo_document', event: 'first_upload' },
			{ skill_id: 'send_document', event: 'first_upload' }
		]);
	});

	await test.step('the facilitator sees it sent, opens it, and asks for a new version with feedback', async () => {
		const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
		await context.addCookies(club.facilitatorCookies);
		const staff = await context.newPage();
		await staff.goto(`/cohorts/${club.cohortId}`);
		await staff.getByRole('link', { name: `${t('assignment_submissions_link')} : ${club.title}` }).click();
		await expect(staff).toHaveURL(new RegExp(`/assignments/${club.activityId}$`));
		const row = staff.locator('tr', { hasText: firstName });
		await expect(row).toHaveAttribute('data-state', 'sent');
		await expect(row).toContainText(t('assignment_status_sent'));
		await row.getByRole('link', { name: `${t('assignment_open')} : ${firstName}` }).click();
		await expect(staff.getByRole('heading', { level: 1 })).toHaveText(`${firstName} — ${club.title}`);
		await expect(staff.locator('.version .text')).toHaveText('Voici mon CV. Je cherche un poste de vendeuse.');
		const photo = staff.getByRole('img', { name: t('assignment_photo_alt', { name: 'IMG_2041.jpg' }) });
		await expect(photo).toBeVisible();
		await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1600);
		const form = staff.locator('form[action="?/feedback"]');
		await form
			.getByLabel(t('assignment_field_feedback'), { exact: true })
			.fill('Votre CV est très lisible. Ajoutez votre numéro de téléphone, puis renvoyez-le.');
		await form.getByLabel(t('assignment_field_new_version'), { exact: true }).check();
		await form.getByRole('button', { name: t('assignment_feedback_send') }).click();
		await expect(staff.getByRole('status')).toHaveText(t('assignment_feedback_saved'));
		await staff.goto(`/assignments/${club.activityId}`);
		await expect(staff.locator('tr', { hasText: firstName })).toHaveAttribute('data-state', 'redo');
		await context.close();
	});

	await test.step('the participant sees the feedback on /me, and sends version 2', async () => {
		await page.goto('/me');
		const item = page.locator('li.due-item', { hasText: club.title });
		await expect(item).toHaveAttribute('data-state', 'redo');
		await expect(item).toContainText(t('assignment_state_redo'));
		await expect(item.locator('.due-feedback')).toContainText('Ajoutez votre numéro de téléphone, puis renvoyez-le.');
		await openFromMe(page);
		await expect(page.locator('section.feedback')).toContainText('Ajoutez votre numéro de téléphone');
		await expect(page.getByRole('heading', { name: t('assignment_send_version', { version: 2 }) })).toBeVisible();
		await page
			.getByLabel(t('assignment_field_text'), { exact: true })
			.fill('Voici mon CV avec mon numéro : 06 12 34 56 78.');
		await page.getByRole('button', { name: t('assignment_send') }).click();
		await expect(page.getByText(t('assignment_sent'))).toBeVisible();
		await expect(page.locator('ol.versions > li')).toHaveCount(2);
		await page.goto('/me');
		await expect(page.locator('li.due-item', { hasText: club.title })).toHaveAttribute('data-state', 'sent');
	});
});

test('a draft stays on the phone when the connection drops, and leaves by itself when it comes back', async ({
	browser,
	page
}) => {
	test.setTimeout(90_000);
	const { firstName, cookies } = await joinClub(browser, club, 'Binta');
	await page.context().addCookies(cookies);
	await openFromMe(page);

	await test.step('what is typed is kept on the phone: it is there again after a reload', async () => {
		await page.getByLabel(t('assignment_field_text'), { exact: true }).fill('Ma réponse, écrite dans le bus.');
		await expect(page.locator('.send-state')).toHaveText(t('assignment_draft_saved'));
		await page.reload();
		await expect(page.getByLabel(t('assignment_field_text'), { exact: true })).toHaveValue(
			'Ma réponse, écrite dans le bus.'
		);
	});

	await test.step('sent while offline, it waits on the phone and says so', async () => {
		await page.context().setOffline(true);
		await page.getByRole('button', { name: t('assignment_send') }).click();
		await expect(page.locator('.send-state')).toHaveText(t('assignment_offline'));
		await expect(page.locator('.send-state')).toHaveAttribute('data-phase', 'offline');
		expect(
			query('select s.id from submission s join user u on u.id = s.user_id where u.first_name = ?', firstName)
		).toEqual([]);
	});

	await test.step('when the connection comes back, it is sent once', async () => {
		await page.context().setOffline(false);
		await expect(page.getByText(t('assignment_sent'))).toBeVisible({ timeout: 15_000 });
		const rows = query<{ text: string; version: number }>(
			'select s.text, s.version from submission s where s.user_id = ? and s.activity_id = ?',
			userIdOf(firstName, club.cohortId),
			club.activityId
		);
		expect(rows).toEqual([{ text: 'Ma réponse, écrite dans le bus.', version: 1 }]);
		// Nothing is left of the draft on the phone.
		expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('tablee:draft:')))).toEqual(
			[]
		);
	});
});

test('a send whose answer is lost on the way is stored once, when the phone tries again', async ({ browser, page }) => {
	test.setTimeout(90_000);
	const { firstName, cookies } = await joinClub(browser, club, 'Chaima');
	await page.context().addCookies(cookies);
	await openFromMe(page);
	// The work reaches the server, but its answer never reaches the phone.
	let reached = 0;
	await page.route(
		'**/upload',
		async (route) => {
			reached++;
			await route.fetch();
			await route.abort('connectionreset');
		},
		{ times: 1 }
	);
	// The page's script sends the work (a click before it runs is a plain form post, which never goes "offline").
	await hydrated(page);
	await page.getByLabel(t('assignment_field_text'), { exact: true }).fill('Envoyé dans un tunnel.');
	await page.getByRole('button', { name: t('assignment_send') }).click();
	await expect(page.locator('.send-state')).toHaveAttribute('data-phase', 'offline');
	expect(reached).toBe(1);
	// The phone tries again by itself; the server knows this draft and answers with what it stored.
	await expect(page.getByText(t('assignment_sent'))).toBeVisible({ timeout: 20_000 });
	const rows = query<{ text: string }>(
		'select s.text from submission s where s.user_id = ? and s.activity_id = ?',
		userIdOf(firstName, club.cohortId),
		club.activityId
	);
	expect(rows).toEqual([{ text: 'Envoyé dans un tunnel.' }]);
});
