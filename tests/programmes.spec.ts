/**
 * Issue 11, item 7 — programmes and invites, through the UI as a facilitator:
 * - day numbers are typed as they are shown ("Jour 1" is the first day, the field says 1);
 * - an async block carries instructions, a link and a due offset, and each new cohort made from the
 *   programme gets them as a real assignment, due that many days after the block's day, at its end;
 * - it carries a document too (sent through its editor), which the programme's staff download and each new
 *   cohort gets a copy of, downloaded by its participants from their assignment page;
 * - blocks move up and down (without a reload, the focus kept); a programme can be duplicated;
 * - an active invite's link and QR code are shown again on a later visit; once revoked, it is shown no
 *   more and opening it says so (expired and used-up invites: src/lib/server/auth/invites.db.test.ts).
 */
import { expect, test, type Page } from '@playwright/test';
import {
	addBlock,
	createCohort,
	createInvite,
	createProgramme,
	joinWithInvite,
	parisDate,
	unique,
	uniqueLetters
} from './builders';
import { hydrated, loginStaff, STAFF, t } from './helpers';
import { pdfBytes } from '../src/lib/server/uploads/test-files.ts';

const blockTitles = (page: Page) => page.locator('ol.blocks > li p.title').allTextContents();
const blockItem = (page: Page, title: string) =>
	page.locator('ol.blocks > li', { has: page.locator('p.title', { hasText: title }) });
/** The download link of a block's document, as the page shows it outside the editor. */
const documentLink = (page: Page, title: string) => blockItem(page, title).locator('p.link a[href^="/files/"]');
const DOCUMENT = { name: 'modèle de lettre.pdf', mimeType: 'application/pdf', buffer: pdfBytes(20_000) };

test('a programme keeps async work, day numbers and order; a copy and a cohort carry them', async ({
	page,
	browser
}) => {
	test.setTimeout(120_000);
	const run = unique();
	await loginStaff(page, STAFF.claire);
	const title = `Programme des devoirs ${run}`;
	await createProgramme(page, title, 'Trois jours pour essayer.');

	const WORK = {
		kind: 'async' as const,
		title: `Ma lettre ${run}`,
		dayOffset: 2,
		startTime: '09:00',
		durationMinutes: 60,
		objectives: 'Écrire une lettre.',
		instructions: `Écrivez une lettre de dix lignes, puis envoyez-en une photo. (${run})`,
		link: 'https://www.francetravail.fr/',
		dueOffsetDays: 2
	};
	await addBlock(page, { kind: 'live', title: 'Accueil', dayOffset: 0, startTime: '09:30', durationMinutes: 60 });
	await addBlock(page, WORK);
	await addBlock(page, { kind: 'informal', title: 'Café', dayOffset: 1, startTime: '10:00', durationMinutes: 30 });

	await test.step('day numbers: the first day is typed and shown as 1', async () => {
		const first = blockItem(page, 'Accueil');
		await expect(first.locator('.row strong')).toContainText(`${t('programme_day', { day: 1 })} · 09:30`);
		await expect(first.getByLabel(t('field_day'), { exact: true })).toHaveValue('1');
		// The editor changes the work's day to 4: shown as Jour 4, its field says 4.
		const work = blockItem(page, WORK.title);
		await expect(work.locator('.row strong')).toContainText(t('programme_day', { day: 3 }));
		await work.locator('summary').click();
		const form = work.locator('form[action="?/updateBlock"]');
		await form.getByLabel(t('field_day'), { exact: true }).fill('4');
		await form.getByRole('button', { name: t('save') }).click();
		await expect(page.getByRole('status')).toHaveText(t('saved'));
		await expect(blockItem(page, WORK.title).locator('.row strong')).toContainText(t('programme_day', { day: 4 }));
		await expect(blockItem(page, WORK.title).getByLabel(t('field_day'), { exact: true })).toHaveValue('4');
		// New blocks go in day order; the work, on day 4, comes last.
		expect(await blockTitles(page)).toEqual(['Accueil', 'Café', WORK.title]);
	});

	await test.step('the async block shows its instructions, link and due offset', async () => {
		const work = blockItem(page, WORK.title);
		await expect(work).toContainText(t('block_instructions', { instructions: WORK.instructions }));
		await expect(work).toContainText(t('block_link', { link: WORK.link }));
		await expect(work).toContainText(t('block_due_after', { days: 2 }));
	});

	let programmeDocument = '';
	await test.step('a document goes on the async block through its editor; the programme’s staff download it', async () => {
		const work = blockItem(page, WORK.title);
		await work.locator('summary').click();
		const form = work.locator('form[action="?/updateBlock"]');
		await form.getByLabel(t('block_document_field'), { exact: true }).setInputFiles(DOCUMENT);
		await form.getByRole('button', { name: t('save') }).click();
		await expect(page.getByRole('status')).toHaveText(t('saved'));
		const link = documentLink(page, WORK.title);
		await expect(link).toContainText(t('block_document', { name: DOCUMENT.name }));
		await expect(link.locator('xpath=..')).toContainText('(20 Ko)');
		programmeDocument = (await link.getAttribute('href')) ?? '';
		const download = await page.request.get(programmeDocument);
		expect(download.status()).toBe(200);
		expect(download.headers()['content-type']).toBe('application/pdf');
		expect(await download.body()).toEqual(DOCUMENT.buffer);
		// The editor offers to remove it.
		await blockItem(page, WORK.title).locator('summary').click();
		await expect(
			blockItem(page, WORK.title).getByLabel(t('block_document_remove', { name: DOCUMENT.name }), { exact: true })
		).not.toBeChecked();
	});

	await test.step('blocks move up and down without a reload, the focus kept on the button', async () => {
		await hydrated(page);
		const up = blockItem(page, WORK.title).getByRole('button', { name: new RegExp(t('block_move_up')) });
		await up.click();
		await expect(page.getByRole('status')).toHaveText(t('block_moved'));
		await expect.poll(() => blockTitles(page)).toEqual(['Accueil', WORK.title, 'Café']);
		await expect(up).toBeFocused();
		// The last block cannot go further down; the first cannot go up.
		await expect(
			blockItem(page, 'Café').getByRole('button', { name: new RegExp(t('block_move_down')) })
		).toBeDisabled();
		await expect(
			blockItem(page, 'Accueil').getByRole('button', { name: new RegExp(t('block_move_up')) })
		).toBeDisabled();
		// The order is kept: a fresh page shows it.
		await page.reload();
		expect(await blockTitles(page)).toEqual(['Accueil', WORK.title, 'Café']);
	});

	await test.step('without JavaScript, a move reloads the page on the moved block', async () => {
		const context = await browser.newContext({ javaScriptEnabled: false });
		await context.addCookies(await page.context().cookies());
		const plain = await context.newPage();
		await plain.goto(page.url());
		const cafeId = (await blockItem(plain, 'Café').getAttribute('id')) ?? '';
		expect(cafeId).toMatch(/^block-[a-z2-7]{16}$/);
		await blockItem(plain, 'Café')
			.getByRole('button', { name: new RegExp(t('block_move_up')) })
			.click();
		await expect(plain.getByRole('status')).toHaveText(t('block_moved'));
		expect(new URL(plain.url()).hash).toBe(`#${cafeId}`);
		expect(await blockTitles(plain)).toEqual(['Accueil', 'Café', WORK.title]);
		await blockItem(plain, 'Café')
			.getByRole('button', { name: new RegExp(t('block_move_down')) })
			.click();
		expect(await blockTitles(plain)).toEqual(['Accueil', WORK.title, 'Café']);
		await context.close();
	});

	let programmeUrl = '';
	await test.step('"Dupliquer le programme" opens a copy with every block, in order', async () => {
		programmeUrl = page.url();
		await page.getByRole('button', { name: t('programme_duplicate') }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${title}${t('programme_copy_suffix')}`);
		expect(page.url()).not.toBe(programmeUrl);
		expect(await blockTitles(page)).toEqual(['Accueil', WORK.title, 'Café']);
		await expect(blockItem(page, WORK.title)).toContainText(
			t('block_instructions', { instructions: WORK.instructions })
		);
		await expect(page.getByText('Trois jours pour essayer.')).toBeVisible();
		// The copy's document is a file of its own, with the same bytes.
		const copied = (await documentLink(page, WORK.title).getAttribute('href')) ?? '';
		expect(copied).toMatch(/^\/files\/[a-z2-7]{16}$/);
		expect(copied).not.toBe(programmeDocument);
		expect(await (await page.request.get(copied)).body()).toEqual(DOCUMENT.buffer);
	});

	const startDate = parisDate(1);
	const cohort = await createCohort(page, {
		programmeTitle: title,
		name: `Groupe des devoirs ${run}`,
		startDate,
		modality: 'hybrid'
	});

	await test.step('the new cohort has the work as its assignment, due 2 days after its day, at its end', async () => {
		// Day 4 = start + 3 days; due 2 days later at 10:00 (09:00 + 60 min), in Paris time.
		const form = page.locator('form[action="?/saveAssignment"]');
		await expect(form).toHaveCount(1);
		await form.evaluate((f) => f.closest('details')?.setAttribute('open', ''));
		await expect(form.getByLabel(t('assignment_field_instructions'), { exact: true })).toHaveValue(WORK.instructions);
		await expect(form.getByLabel(t('assignment_field_link'), { exact: true })).toHaveValue(WORK.link);
		await expect(form.getByLabel(t('assignment_field_due_date'), { exact: true })).toHaveValue(parisDate(1 + 3 + 2));
		await expect(form.getByLabel(t('assignment_field_due_time'), { exact: true })).toHaveValue('10:00');
		// The block's document, as a copy of the cohort's own.
		const attached = form.locator('a[href^="/files/"]');
		await expect(attached).toContainText(DOCUMENT.name);
		expect(await attached.getAttribute('href')).not.toBe(programmeDocument);
	});

	await test.step('a participant of the cohort reads the instructions and the link, and downloads the document', async () => {
		const link = await createInvite(page, cohort.id, { maxUses: 3, validDays: 7 });
		const context = await browser.newContext();
		const participant = await context.newPage();
		await joinWithInvite(participant, link, `Lou${uniqueLetters()}`.slice(0, 20), '2468');
		await page.goto(`/cohorts/${cohort.id}`);
		const activityId = await page
			.locator('form[action="?/saveAssignment"] input[name=activityId]')
			.getAttribute('value');
		await participant.goto(`/me/assignments/${activityId}`);
		await expect(participant.locator('p.instructions')).toHaveText(WORK.instructions);
		await expect(participant.getByRole('link', { name: t('assignment_link_open') })).toHaveAttribute('href', WORK.link);
		await expect(participant.locator('p.due')).toBeVisible();
		// The document: downloaded from the assignment page, the programme's own copy out of reach.
		const attached = participant.getByRole('link', {
			name: t('assignment_attachment_download', { name: DOCUMENT.name })
		});
		const download = await participant.request.get((await attached.getAttribute('href')) ?? '');
		expect(download.status()).toBe(200);
		expect(download.headers()['content-disposition']).toContain(encodeURIComponent(DOCUMENT.name));
		expect(await download.body()).toEqual(DOCUMENT.buffer);
		expect((await participant.request.get(programmeDocument, { maxRedirects: 0 })).status()).toBe(403);
		await context.close();
	});
});

test('an active invite is shown again, and no more once revoked', async ({ page, browser }) => {
	test.setTimeout(120_000);
	const run = unique();
	await loginStaff(page, STAFF.claire);
	const programmeTitle = `Programme des invitations ${run}`;
	await createProgramme(page, programmeTitle);
	await addBlock(page, { kind: 'live', title: 'Accueil', dayOffset: 0, startTime: '09:30', durationMinutes: 60 });
	const cohort = await createCohort(page, {
		programmeTitle,
		name: `Groupe des invitations ${run}`,
		startDate: parisDate(1),
		modality: 'remote'
	});
	const link = await createInvite(page, cohort.id, { maxUses: 3, validDays: 7 });
	const again = page.locator('a[data-testid=invite-link-again]');

	await test.step('a later visit shows its link and QR code again', async () => {
		await page.goto(`/cohorts/${cohort.id}/invites`);
		await expect(page.locator('a[data-testid=invite-link]')).toHaveCount(0);
		await page.getByText(t('invite_show'), { exact: true }).click();
		await expect(again).toHaveAttribute('href', link);
		await expect(page.locator('tr.shared .qr svg')).toBeVisible();
	});

	await test.step('someone joins with it: it stays active and shown (2 uses left)', async () => {
		const context = await browser.newContext();
		await joinWithInvite(await context.newPage(), link, `Noa${uniqueLetters()}`.slice(0, 20), '2468');
		await context.close();
		await page.reload();
		await expect(page.locator('tbody tr').first()).toContainText('1 / 3');
		await expect(again).toHaveAttribute('href', link);
	});

	await test.step('revoked: no longer shown, and the link says it was cancelled', async () => {
		await page.getByRole('button', { name: t('invite_revoke') }).click();
		await expect(page.locator('tbody tr').first()).toContainText(t('invite_status_revoked'));
		await expect(again).toHaveCount(0);
		await expect(page.getByText(t('invite_show'), { exact: true })).toHaveCount(0);
		const context = await browser.newContext();
		const stranger = await context.newPage();
		await stranger.goto(link);
		await expect(stranger.getByText(t('invite_revoked'))).toBeVisible();
		await expect(stranger.locator('main form input[name=firstName]')).toHaveCount(0);
		await context.close();
	});
});
