/**
 * Builds a spec's own club data through the real forms, so that a spec that writes never touches
 * what the seed made for the others: a programme and its blocks, a cohort, invites, a participant.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { hydrated, t } from './helpers';

export type Kind = 'live' | 'in_person' | 'async' | 'informal';
export interface BlockSpec {
	kind: Kind;
	title: string;
	/** Days after the cohort's start (0 = its first day); the form is given the day number, offset + 1. */
	dayOffset: number;
	startTime: string;
	durationMinutes: number;
	objectives?: string;
	optional?: boolean;
	/** Labels of the digital skills to tick, as the checklist shows them (fr). */
	skills?: string[];
	/** Async work (BlockWorkFields): instructions, link, days after the block it is due. */
	instructions?: string;
	link?: string;
	dueOffsetDays?: number;
}

/** A short suffix that keeps names unique across runs, projects and workers. */
export const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** Letters only (first names refuse digits): a unique suffix spelled with letters. */
export const uniqueLetters = () =>
	unique()
		.replace(/[0-9]/g, (d) => 'abcdefghij'[Number(d)])
		.slice(-8);

/** The calendar date in Paris (the demo organisation's time zone), `days` from today. */
export function parisDate(days = 0): string {
	const today = new Intl.DateTimeFormat('en-CA', {
		timeZone: 'Europe/Paris',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit'
	}).format(new Date());
	const date = new Date(`${today}T12:00:00Z`);
	date.setUTCDate(date.getUTCDate() + days);
	return date.toISOString().slice(0, 10);
}

const idFromUrl = (page: Page, prefix: string) => {
	const match = new RegExp(`/${prefix}/([a-z2-7]{16})(?:$|[/?#])`).exec(page.url());
	if (!match) throw new Error(`no ${prefix} id in ${page.url()}`);
	return match[1];
};

/** Fills the fields shared by the block and activity editors (ActivityFields). */
async function fillActivityFields(
	form: Locator,
	values: { kind: Kind; title: string; durationMinutes: number; objectives?: string; optional?: boolean }
) {
	await form.getByLabel(t('field_kind'), { exact: true }).selectOption(values.kind);
	await form.getByLabel(t('field_title'), { exact: true }).fill(values.title);
	await form.getByLabel(t('field_duration'), { exact: true }).fill(String(values.durationMinutes));
	await form.getByLabel(t('field_objectives'), { exact: true }).fill(values.objectives ?? '');
	await form.getByLabel(t('field_optional'), { exact: true }).setChecked(!!values.optional);
}

/** Creates a programme as the logged-in facilitator (or admin); returns its id, the page left on its editor. */
export async function createProgramme(page: Page, title: string, description = ''): Promise<string> {
	await page.goto('/programmes');
	const form = page.locator('form[action="?/create"]');
	await form.getByLabel(t('field_title'), { exact: true }).fill(title);
	await form.getByLabel(t('field_description'), { exact: true }).fill(description);
	await form.getByRole('button', { name: t('programme_create') }).click();
	await expect(page).toHaveURL(/\/programmes\/[a-z2-7]{16}$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
	return idFromUrl(page, 'programmes');
}

/** Adds a block with the editor's "add" form; the page must be on the programme's editor. */
export async function addBlock(page: Page, block: BlockSpec) {
	const form = page.locator('form[action="?/addBlock"]');
	await fillActivityFields(form, block);
	await form.getByLabel(t('field_day'), { exact: true }).fill(String(block.dayOffset + 1));
	await form.getByLabel(t('field_start_time'), { exact: true }).fill(block.startTime);
	if (block.instructions !== undefined)
		await form.getByLabel(t('field_block_instructions'), { exact: true }).fill(block.instructions);
	if (block.link !== undefined) await form.getByLabel(t('field_block_link'), { exact: true }).fill(block.link);
	if (block.dueOffsetDays !== undefined)
		await form.getByLabel(t('field_due_offset'), { exact: true }).fill(String(block.dueOffsetDays));
	for (const skill of block.skills ?? []) await form.getByLabel(skill, { exact: true }).check();
	await form.getByRole('button', { name: t('block_add') }).click();
	await expect(page.getByRole('status')).toHaveText(t('saved'));
	await expect(page.locator('ol.blocks > li').filter({ hasText: block.title })).toHaveCount(1);
}

/** Creates a cohort from a programme (chosen by title); returns its id and code, the page left on the cohort. */
export async function createCohort(
	page: Page,
	cohort: { programmeTitle: string; name: string; startDate: string; modality: 'remote' | 'hybrid' | 'in_person' }
): Promise<{ id: string; code: string }> {
	await page.goto('/cohorts');
	const form = page.locator('form[action="?/create"]');
	await form.getByLabel(t('field_programme'), { exact: true }).selectOption({ label: cohort.programmeTitle });
	await form.getByLabel(t('field_cohort_name'), { exact: true }).fill(cohort.name);
	await form.getByLabel(t('field_start_date'), { exact: true }).fill(cohort.startDate);
	await form.getByLabel(t('field_modality'), { exact: true }).selectOption(cohort.modality);
	await form.getByRole('button', { name: t('cohort_create') }).click();
	await expect(page).toHaveURL(/\/cohorts\/[a-z2-7]{16}$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(cohort.name);
	const code = (await page.locator('strong.code').textContent())?.trim() ?? '';
	expect(code, 'the cohort page shows a 6-sign code').toMatch(/^[A-Z0-9]{6}$/);
	return { id: idFromUrl(page, 'cohorts'), code };
}

/**
 * A programme with its blocks and a cohort made from it (createProgramme, addBlock, createCohort), as the logged-in
 * facilitator; returns the cohort's id and code, the page left on the cohort.
 */
export async function createClub(
	page: Page,
	programmeTitle: string,
	blocks: BlockSpec[],
	cohort: { name: string; startDate: string; modality: 'remote' | 'hybrid' | 'in_person' }
): Promise<{ id: string; code: string }> {
	await createProgramme(page, programmeTitle);
	for (const block of blocks) await addBlock(page, block);
	return createCohort(page, { programmeTitle, ...cohort });
}

/** Creates an invite for a cohort the logged-in facilitator runs; returns the link it shows once. */
export async function createInvite(
	page: Page,
	cohortId: string,
	options: { maxUses?: number; validDays?: number } = {}
): Promise<string> {
	await page.goto(`/cohorts/${cohortId}/invites`);
	const form = page.locator('form[action="?/create"]');
	await form.getByLabel(t('field_max_uses'), { exact: true }).fill(String(options.maxUses ?? 1));
	await form.getByLabel(t('field_valid_days'), { exact: true }).fill(String(options.validDays ?? 7));
	await form.getByRole('button', { name: t('invite_create') }).click();
	const link = page.locator('a[data-testid=invite-link]');
	await expect(link).toBeVisible();
	const href = (await link.getAttribute('href')) ?? '';
	expect(href).toMatch(/\/invite\/[a-z2-7]{16}$/);
	return href;
}

/** Opens an invite link and joins the cohort with a first name and a PIN; checks the landing on /me. */
export async function joinWithInvite(page: Page, link: string, firstName: string, pin: string) {
	await page.goto(link);
	const form = page.locator('main form');
	await form.getByLabel(t('field_first_name'), { exact: true }).fill(firstName);
	await form.getByLabel(t('field_new_pin'), { exact: true }).fill(pin);
	await form.getByLabel(t('field_pin_confirm'), { exact: true }).fill(pin);
	await form.getByRole('button', { name: t('invite_submit') }).click();
	await expect(page).toHaveURL(/\/me\?welcome=1$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(t('me_hello', { name: firstName }));
}

/** Fills and sends the editor of one cohort activity (the page must be on the cohort, as its facilitator). */
export async function updateActivity(page: Page, title: string, changes: { date: string; time?: string }) {
	const item = page.locator('li.activity').filter({ has: page.locator('p.title', { hasText: title }) });
	await hydrated(page);
	// A week after the one on now is folded: open it first (one tap, as a facilitator does).
	const week = page.locator('details.later-week, details.past-week').filter({ has: item });
	if ((await week.count()) && !(await week.evaluate((d: HTMLDetailsElement) => d.open)))
		await week.locator(':scope > summary').click();
	await item.locator('summary').click();
	const form = item.locator('form[action="?/updateActivity"]');
	await form.getByLabel(t('field_date'), { exact: true }).fill(changes.date);
	if (changes.time) await form.getByLabel(t('field_start_time'), { exact: true }).fill(changes.time);
	await form.getByRole('button', { name: t('save') }).click();
	await expect(page.getByRole('status')).toHaveText(t('saved'));
}
