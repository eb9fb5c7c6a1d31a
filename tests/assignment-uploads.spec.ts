/**
 * Issue 4, acceptance 2: an upload cut off halfway leaves no submission row and no file (not even a
 * temporary one); a file over the limit or of a forbidden type (judged by its bytes, not its name)
 * is refused with a translated message next to the field, writing nothing; nobody reads a
 * participant's file by guessing its URL — not another participant of the same cohort, not the
 * facilitator of another cohort. And the form still works with JavaScript off; the facilitator's
 * attachment to the instructions goes through the same checks.
 */
import { request as httpRequest } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, request, test, type APIRequestContext } from '@playwright/test';
import { baseURL, PORT } from '../playwright.config';
import { unique } from './builders';
import { buildAssignmentClub, joinClub, query, storedFiles, userIdOf, type AssignmentClub } from './assignment-helpers';
import { hydrated, STAFF, STAFF_PASSWORD, t } from './helpers';

test.describe.configure({ mode: 'serial' });

type Cookies = Awaited<ReturnType<typeof joinClub>>['cookies'];
let club: AssignmentClub;
let alice: { firstName: string; cookies: Cookies };
let bruno: { firstName: string; cookies: Cookies };

test.beforeAll(async ({ browser }) => {
	test.setTimeout(120_000);
	club = await buildAssignmentClub(browser, unique());
	alice = await joinClub(browser, club, 'Alice');
	bruno = await joinClub(browser, club, 'Bruno');
});

const en: Record<string, string> = JSON.parse(readFileSync(join(process.cwd(), 'messages', 'en.json'), 'utf8'));
const uploadUrl = () => `/me/assignments/${club.activityId}/upload`;
const cookieHeader = (cookies: Cookies) => cookies.map((c) => `${c.name}=${c.value}`).join('; ');
const pdf = (bytes: number) =>
	Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(Math.max(0, bytes - 16), 0x20), Buffer.from('\n%%EOF\n')]);
/** A Windows program, named and labelled as a PDF. */
const disguisedProgram = () => Buffer.concat([Buffer.from('MZ'), Buffer.alloc(2048, 0x90)]);
const submissionsOf = (firstName: string) =>
	query<{ id: string }>(
		'select id from submission where user_id = ? and activity_id = ?',
		userIdOf(firstName, club.cohortId),
		club.activityId
	);

/** Requests as the owner of these cookies (in English when asked). */
async function apiAs(cookies: Cookies, locale?: 'en'): Promise<APIRequestContext> {
	const cookie = cookieHeader(
		locale
			? [
					...cookies.filter((c) => c.name !== 'PARAGLIDE_LOCALE'),
					{ ...cookies[0], name: 'PARAGLIDE_LOCALE', value: locale }
				]
			: cookies
	);
	return request.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL, cookie } });
}

async function staffApi(email: string): Promise<APIRequestContext> {
	// As a browser posts the form (text/html): the answer is the login's redirect.
	const ctx = await request.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL, accept: 'text/html' } });
	const res = await ctx.post('/login?/staff', { form: { email, password: STAFF_PASSWORD }, maxRedirects: 0 });
	expect(res.status(), `${email} logs in`).toBe(303);
	return ctx;
}

test('an upload cut off halfway leaves no submission row and no file behind', async () => {
	const boundary = `----tablee${unique()}`;
	const head = Buffer.from(
		`--${boundary}\r\nContent-Disposition: form-data; name="text"\r\n\r\nMon CV\r\n` +
			`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="cv.pdf"\r\nContent-Type: application/pdf\r\n\r\n`
	);
	const body = Buffer.concat([head, pdf(4 * 1024 * 1024), Buffer.from(`\r\n--${boundary}--\r\n`)]);
	const before = new Set(storedFiles().tmp);
	const req = httpRequest({
		host: '127.0.0.1',
		port: PORT,
		method: 'POST',
		path: uploadUrl(),
		headers: {
			origin: baseURL,
			cookie: cookieHeader(alice.cookies),
			'content-type': `multipart/form-data; boundary=${boundary}`,
			'content-length': body.length
		}
	});
	req.on('error', () => {}); // the connection is cut on purpose
	req.write(body.subarray(0, Math.floor(body.length / 2)));

	// The server is writing the file: a temporary file appears and grows.
	let staged = '';
	await expect
		.poll(() => (staged = storedFiles().tmp.find((f) => !before.has(f)) ?? ''), {
			message: 'a temporary file is being written',
			timeout: 10_000
		})
		.not.toBe('');
	req.destroy();

	await expect
		.poll(() => storedFiles().tmp.includes(staged), { message: 'the temporary file is deleted', timeout: 10_000 })
		.toBe(false);
	expect(storedFiles().stored, 'nothing was moved into the store').not.toContain(staged);
	expect(submissionsOf(alice.firstName), 'no submission row').toEqual([]);
	expect(query('select id from submission_file where id = ?', staged)).toEqual([]);

	// Nothing is stuck either: the same upload, whole, goes through.
	const api = await apiAs(alice.cookies);
	const res = await api.post(uploadUrl(), {
		multipart: { text: 'Mon CV', files: { name: 'cv.pdf', mimeType: 'application/pdf', buffer: pdf(200_000) } }
	});
	expect(res.status()).toBe(200);
	expect(submissionsOf(alice.firstName)).toHaveLength(1);
	await api.dispose();
});

test('a file over the limit or of a forbidden type is refused with a clear translated message, and nothing is written', async ({
	page
}) => {
	await page.context().addCookies(bruno.cookies);
	const before = storedFiles();
	await page.goto(`/me/assignments/${club.activityId}`);
	const text = page.getByLabel(t('assignment_field_text'), { exact: true });
	const filesError = page.locator('#files-error');

	await test.step('the phone says at once that a file is too heavy, before sending anything', async () => {
		await page
			.locator('input#files')
			.setInputFiles({ name: 'gros dossier.pdf', mimeType: 'application/pdf', buffer: pdf(11 * 1024 * 1024) });
		await expect(filesError).toHaveText(t('assignment_file_too_big', { value: 10 }));
		await expect(page.locator('fieldset.files')).toHaveAttribute('aria-describedby', /files-error/);
		await expect(page.locator('ul.chosen li')).toHaveCount(0);
	});

	await test.step('a program named cv.pdf is refused by the server, which looks at its bytes; what was typed stays', async () => {
		await text.fill('Mon CV, en PDF.');
		await page
			.locator('input#files')
			.setInputFiles({ name: 'cv.pdf', mimeType: 'application/pdf', buffer: disguisedProgram() });
		await expect(page.locator('ul.chosen li[data-ready=true]')).toHaveCount(1);
		await page.getByRole('button', { name: t('assignment_send') }).click();
		await expect(filesError).toHaveText(t('assignment_file_type'));
		await expect(text).toHaveValue('Mon CV, en PDF.');
		await expect(page.locator('[data-state]').first()).toHaveAttribute('data-state', 'todo');
	});

	await test.step('sent directly, over the limit, too many, or forbidden: refused in the reader’s language', async () => {
		const api = await apiAs(bruno.cookies);
		const big = await api.post(uploadUrl(), {
			multipart: {
				text: 'x',
				files: { name: 'gros.pdf', mimeType: 'application/pdf', buffer: pdf(10 * 1024 * 1024 + 1) }
			}
		});
		expect(big.status()).toBe(413);
		expect(await big.json()).toMatchObject({
			message: t('assignment_file_too_big', { value: 10 }),
			errors: { files: t('assignment_file_too_big', { value: 10 }) }
		});
		const six = new FormData();
		for (let i = 0; i < 6; i++)
			six.append('files', new Blob([new Uint8Array(pdf(1000))], { type: 'application/pdf' }), `${i}.pdf`);
		const many = await api.post(uploadUrl(), { multipart: six });
		expect(many.status()).toBe(413);
		expect((await many.json()).message).toBe(t('assignment_too_many_files', { value: 5 }));
		const html = await api.post(uploadUrl(), {
			multipart: {
				files: {
					name: 'page.png',
					mimeType: 'image/png',
					buffer: Buffer.from('<html><script>alert(1)</script></html>')
				}
			}
		});
		expect(html.status()).toBe(415);
		expect((await html.json()).message).toBe(t('assignment_file_type'));
		await api.dispose();
		const english = await apiAs(bruno.cookies, 'en');
		const program = await english.post(uploadUrl(), {
			multipart: { files: { name: 'cv.pdf', mimeType: 'application/pdf', buffer: disguisedProgram() } }
		});
		expect(program.status()).toBe(415);
		expect((await program.json()).message).toBe(en.assignment_file_type);
		await english.dispose();
	});

	await test.step('nothing was written: no submission, no stored file, no temporary file left', async () => {
		expect(submissionsOf(bruno.firstName)).toEqual([]);
		await expect.poll(() => storedFiles().tmp.filter((f) => !before.tmp.includes(f))).toEqual([]);
		// A file is somebody's when a row names it: a submission's, or (written meanwhile by the specs running beside
		// this one) an assignment's or a programme block's document — the tables the upload sweep knows.
		const known = new Set(
			query<{ id: string }>(
				`select id from submission_file
				 union select attachment_id from assignment where attachment_id is not null
				 union select attachment_id from programme_block where attachment_id is not null`
			).map((r) => r.id)
		);
		expect(
			storedFiles().stored.filter((f) => !before.stored.includes(f) && !known.has(f)),
			'every new stored file has its row'
		).toEqual([]);
	});
});

test('nobody reads a participant’s file by guessing its URL: not another participant, not another cohort’s facilitator', async () => {
	const [file] = query<{ id: string }>(
		'select f.id from submission_file f join submission s on s.id = f.submission_id where s.user_id = ? and s.activity_id = ?',
		userIdOf(alice.firstName, club.cohortId),
		club.activityId
	);
	expect(file?.id).toMatch(/^[a-z2-7]{16}$/);
	const url = `/files/${file.id}`;

	const owner = await apiAs(alice.cookies);
	const mine = await owner.get(url, { maxRedirects: 0 });
	expect(mine.status()).toBe(200);
	expect(mine.headers()).toMatchObject({
		'content-type': 'application/pdf',
		'x-content-type-options': 'nosniff',
		'content-disposition': 'attachment; filename="cv.pdf"; filename*=UTF-8\'\'cv.pdf'
	});
	expect((await mine.body()).subarray(0, 5).toString()).toBe('%PDF-');
	const facilitator = await apiAs(club.facilitatorCookies);
	expect((await facilitator.get(url, { maxRedirects: 0 })).status(), 'the cohort’s facilitator').toBe(200);

	const classmate = await apiAs(bruno.cookies);
	const julien = await staffApi(STAFF.julien);
	const director = await staffApi(STAFF.director);
	const anonymous = await request.newContext({ baseURL });
	for (const [who, ctx] of [
		['another participant of the cohort', classmate],
		['the facilitator of another cohort', julien],
		['the director', director]
	] as const) {
		const res = await ctx.get(url, { maxRedirects: 0 });
		expect([403, 404], `${who} GET ${url}`).toContain(res.status());
		expect(await res.text()).not.toContain('%PDF');
		// Nor the facilitator's pages about it.
		expect([403, 404], `${who} reads the list`).toContain(
			(await ctx.get(`/assignments/${club.activityId}`, { maxRedirects: 0 })).status()
		);
		expect([403, 404], `${who} reads Alice's work`).toContain(
			(
				await ctx.get(`/assignments/${club.activityId}/people/${userIdOf(alice.firstName, club.cohortId)}`, {
					maxRedirects: 0
				})
			).status()
		);
	}
	const nobody = await anonymous.get(url, { maxRedirects: 0 });
	expect(nobody.status()).toBe(303);
	expect(nobody.headers()['location']).toMatch(/^\/login\?next=/);
	expect((await owner.get('/files/zzzzzzzzzzzzzzzz', { maxRedirects: 0 })).status(), 'a guessed id').toBe(404);
	for (const ctx of [owner, facilitator, classmate, julien, director, anonymous]) await ctx.dispose();
});

test('with JavaScript off, the plain form sends the text and the file', async ({ browser }) => {
	const chloe = await joinClub(browser, club, 'Chloe');
	const context = await browser.newContext({ javaScriptEnabled: false });
	await context.addCookies(chloe.cookies);
	const page = await context.newPage();
	await page.goto(`/me/assignments/${club.activityId}`);
	await page.getByLabel(t('assignment_field_text'), { exact: true }).fill('Envoyé sans JavaScript.');
	await page
		.locator('input#files')
		.setInputFiles({ name: 'lettre.pdf', mimeType: 'application/pdf', buffer: pdf(30_000) });
	await page.getByRole('button', { name: t('assignment_send') }).click();
	await expect(page.getByText(t('assignment_sent'))).toBeVisible();
	await expect(page.locator('ol.versions')).toContainText('lettre.pdf');
	const rows = query<{ text: string; mime: string; source: string }>(
		'select s.text, f.mime, f.source from submission s join submission_file f on f.submission_id = s.id where s.user_id = ? and s.activity_id = ?',
		userIdOf(chloe.firstName, club.cohortId),
		club.activityId
	);
	expect(rows).toEqual([{ text: 'Envoyé sans JavaScript.', mime: 'application/pdf', source: 'file' }]);
	await context.close();
});

test('the facilitator attaches a document to the instructions: a forbidden one is refused next to its field, a PDF reaches the cohort only', async ({
	browser,
	page
}) => {
	await page.context().addCookies(club.facilitatorCookies);
	await page.goto(`/cohorts/${club.cohortId}`);
	const prefix = `as-${club.activityId}`;
	const form = () =>
		page.locator(`form[action="?/saveAssignment"]:has(input[name=activityId][value="${club.activityId}"])`);
	await hydrated(page);
	await form().evaluate((f) => f.closest('details')?.setAttribute('open', ''));

	await test.step('a program named modele.pdf is refused, and the instructions typed stay', async () => {
		await form()
			.getByLabel(t('assignment_field_instructions'), { exact: true })
			.fill(`${club.instructions} Utilisez le modèle joint.`);
		await form()
			.locator('input[type=file]')
			.setInputFiles({ name: 'modele.pdf', mimeType: 'application/pdf', buffer: disguisedProgram() });
		await form()
			.getByRole('button', { name: t('assignment_save') })
			.click();
		await expect(page.locator(`[id="${prefix}-attachment-error"]`)).toHaveText(t('assignment_file_type'));
		await expect(form().getByLabel(t('assignment_field_instructions'), { exact: true })).toHaveValue(
			`${club.instructions} Utilisez le modèle joint.`
		);
		expect(
			query('select attachment_id from assignment where activity_id = ? and attachment_id is not null', club.activityId)
		).toEqual([]);
	});

	await test.step('a PDF is kept, and the cohort’s participants download it', async () => {
		await form()
			.locator('input[type=file]')
			.setInputFiles({ name: 'modèle de CV.pdf', mimeType: 'application/pdf', buffer: pdf(50_000) });
		await form()
			.getByRole('button', { name: t('assignment_save') })
			.click();
		await expect(page.getByRole('status')).toHaveText(t('saved'));
		const [row] = query<{ attachment_id: string; attachment_name: string; instructions: string }>(
			'select attachment_id, attachment_name, instructions from assignment where activity_id = ?',
			club.activityId
		);
		expect(row).toMatchObject({
			attachment_name: 'modèle de CV.pdf',
			instructions: `${club.instructions} Utilisez le modèle joint.`
		});
		expect(storedFiles().stored).toContain(row.attachment_id);

		const participant = await browser.newContext();
		await participant.addCookies(bruno.cookies);
		const phone = await participant.newPage();
		await phone.goto(`/me/assignments/${club.activityId}`);
		const link = phone.getByRole('link', { name: t('assignment_attachment_download', { name: 'modèle de CV.pdf' }) });
		await expect(link).toHaveAttribute('href', `/files/${row.attachment_id}`);
		const download = await phone.request.get(`/files/${row.attachment_id}`);
		expect(download.status()).toBe(200);
		expect(download.headers()['content-disposition']).toBe(
			`attachment; filename="modele de CV.pdf"; filename*=UTF-8''${encodeURIComponent('modèle de CV.pdf')}`
		);
		await participant.close();
		const julien = await staffApi(STAFF.julien);
		expect([403, 404]).toContain((await julien.get(`/files/${row.attachment_id}`, { maxRedirects: 0 })).status());
		await julien.dispose();
	});
});
