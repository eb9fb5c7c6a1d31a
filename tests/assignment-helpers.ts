/**
 * Pieces of the assignment specs: a club of their own with an async activity and its instructions
 * (built through the app's forms), a JPEG made by the browser's canvas, the frame size read from a
 * JPEG's bytes, and the e2e app's database and upload store, read-only.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { createClub, createInvite, joinWithInvite, parisDate, uniqueLetters } from './builders';
import { hydrated, loginStaff, STAFF, t } from './helpers';
import { e2eDb } from './live-helpers';
import { e2eServer } from './e2e-server';

/** The e2e server's upload store, and its folder of uploads not yet confirmed. */
export const uploadsDir = () => join(e2eServer().dataDir, 'uploads');
const uploadsTmp = () => join(uploadsDir(), 'tmp');

type Cookies = Awaited<ReturnType<BrowserContext['cookies']>>;
export interface AssignmentClub {
	cohortId: string;
	activityId: string;
	title: string;
	instructions: string;
	inviteLink: string;
	facilitatorCookies: Cookies;
}

/** Fills and saves the instructions editor of an async activity (the page on its cohort, as its facilitator). */
export async function saveInstructions(
	page: Page,
	activityId: string,
	values: { instructions: string; dueDate: string; dueTime: string; link?: string }
) {
	const form = page.locator(`form[action="?/saveAssignment"]:has(input[name=activityId][value="${activityId}"])`);
	await hydrated(page);
	await form.evaluate((f) => f.closest('details')?.setAttribute('open', ''));
	await form.getByLabel(t('assignment_field_instructions'), { exact: true }).fill(values.instructions);
	await form.getByLabel(t('assignment_field_link'), { exact: true }).fill(values.link ?? '');
	await form.getByLabel(t('assignment_field_due_date'), { exact: true }).fill(values.dueDate);
	await form.getByLabel(t('assignment_field_due_time'), { exact: true }).fill(values.dueTime);
	await form.getByRole('button', { name: t('assignment_save') }).click();
	await expect(page.getByRole('status')).toHaveText(t('saved'));
}

/**
 * A programme with one async block, a cohort from it starting tomorrow, its instructions (due the
 * day after tomorrow, 18:00 Paris) and an invite; built as Claire, whose cookies are kept.
 */
export async function buildAssignmentClub(browser: Browser, run: string): Promise<AssignmentClub> {
	const context = await browser.newContext();
	const page = await context.newPage();
	await loginStaff(page, STAFF.claire);
	const title = `Mon CV en photo ${run}`;
	const programmeTitle = `Programme des travaux ${run}`;
	const block = {
		kind: 'async' as const,
		title,
		dayOffset: 0,
		startTime: '09:00',
		durationMinutes: 60,
		objectives: 'Envoyer son CV.',
		skills: [t('skill_send_document')]
	};
	const cohort = await createClub(page, programmeTitle, [block], {
		name: `Groupe des travaux ${run}`,
		startDate: parisDate(1),
		modality: 'hybrid'
	});
	const activityId =
		(await page.locator('form[action="?/saveAssignment"] input[name=activityId]').getAttribute('value')) ?? '';
	expect(activityId).toMatch(/^[a-z2-7]{16}$/);
	const instructions = `Prenez votre CV en photo et envoyez-le. Ajoutez une phrase pour dire ce que vous cherchez. (${run})`;
	await saveInstructions(page, activityId, { instructions, dueDate: parisDate(2), dueTime: '18:00' });
	const inviteLink = await createInvite(page, cohort.id, { maxUses: 10, validDays: 7 });
	const facilitatorCookies = await context.cookies();
	await context.close();
	return { cohortId: cohort.id, activityId, title, instructions, inviteLink, facilitatorCookies };
}

/** A participant joins the club with its invite, in a context of their own; returns the context's cookies. */
export async function joinClub(
	browser: Browser,
	club: AssignmentClub,
	prefix: string
): Promise<{ firstName: string; cookies: Cookies }> {
	const context = await browser.newContext();
	const firstName = `${prefix}${uniqueLetters()}`.slice(0, 20);
	await joinWithInvite(await context.newPage(), club.inviteLink, firstName, '2468');
	const cookies = await context.cookies();
	await context.close();
	return { firstName, cookies };
}

/** A JPEG drawn by the browser's canvas (a page of text on a soft background), as bytes. */
export async function canvasJpeg(page: Page, width: number, height: number): Promise<Buffer> {
	const base64 = await page.evaluate(
		async ({ width, height }) => {
			const canvas = document.createElement('canvas');
			canvas.width = width;
			canvas.height = height;
			const ctx = canvas.getContext('2d')!;
			const background = ctx.createLinearGradient(0, 0, width, height);
			background.addColorStop(0, '#f4f1e8');
			background.addColorStop(1, '#c9d6df');
			ctx.fillStyle = background;
			ctx.fillRect(0, 0, width, height);
			ctx.fillStyle = '#1b1f24';
			ctx.font = `${Math.round(height / 22)}px sans-serif`;
			for (let line = 0; line < 12; line++)
				ctx.fillText(`Curriculum vitae — ligne ${line + 1}`, width * 0.08, height * (0.12 + line * 0.065));
			const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), 'image/jpeg', 0.92));
			const bytes = new Uint8Array(await blob.arrayBuffer());
			let binary = '';
			for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
			return btoa(binary);
		},
		{ width, height }
	);
	return Buffer.from(base64, 'base64');
}

/** Width and height from a JPEG's frame header (SOF0–SOF15 but DHT, JPG, DAC), walking its segments. */
export function jpegSize(bytes: Buffer): { width: number; height: number } {
	expect(bytes.readUInt16BE(0), 'a JPEG starts with SOI').toBe(0xffd8);
	let at = 2;
	while (at + 9 < bytes.length) {
		if (bytes[at] !== 0xff) throw new Error(`no marker at ${at}`);
		const marker = bytes[at + 1];
		if (marker === 0xff) {
			at++;
			continue;
		}
		if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker))
			return { height: bytes.readUInt16BE(at + 5), width: bytes.readUInt16BE(at + 7) };
		at += 2 + bytes.readUInt16BE(at + 2);
	}
	throw new Error('no frame header in this JPEG');
}

/** Rows of the e2e database (read-only). */
export function query<T>(sql: string, ...params: unknown[]): T[] {
	const db = e2eDb();
	try {
		return db.prepare(sql).all(...params) as T[];
	} finally {
		db.close();
	}
}

export const userIdOf = (firstName: string, cohortId: string) =>
	query<{ id: string }>(
		'select user.id from user join cohort_member on cohort_member.user_id = user.id where cohort_member.cohort_id = ? and user.first_name = ?',
		cohortId,
		firstName
	)[0]?.id ?? '';

/** Files in the upload store and in its tmp directory. */
export function storedFiles(): { stored: string[]; tmp: string[] } {
	const list = (dir: string) => {
		try {
			return readdirSync(dir, { withFileTypes: true })
				.filter((e) => e.isFile())
				.map((e) => e.name);
		} catch {
			return [];
		}
	};
	return { stored: list(uploadsDir()), tmp: list(uploadsTmp()) };
}
