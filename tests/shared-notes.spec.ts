/**
 * Issue 14, acceptance 2 — shared notes of a live activity: the facilitator (desktop) lets the participants
 * write, then the facilitator and a participant (a phone) type different sentences in the notes at the same
 * time; both sentences end whole in both pages' textareas (the other's arriving through the room's live
 * stream, without reloading) and are still there after a reload. Notes over the size limit are refused with a
 * clear message and nothing written; the cohort reads the notes on the activity's notes page.
 */
import { expect, test, type Page } from '@playwright/test';
import * as Y from 'yjs';
import { t } from './helpers';
import { useLiveClub, type LiveClub } from './live-helpers';

test.describe.configure({ mode: 'serial' });

let club: LiveClub;
useLiveClub(1, { phones: true }, (built) => (club = built));

const notes = (page: Page) => page.getByTestId('notes-text');
/** The notes panel with its editor loaded (Yjs comes in its own chunk) and synced once. */
async function openNotes(page: Page, activityId: string) {
	await page.goto(`/rooms/${activityId}`);
	await expect(notes(page)).toHaveAttribute('data-loaded', 'yes', { timeout: 15_000 });
}

const CLAIRE = 'Claire : chacun relit son CV avant jeudi.';
const PARTICIPANT = 'Je prends rendez-vous à la mission locale lundi.';

test('two pages write the shared notes at the same time: both sentences stay, live and after reload', async () => {
	test.setTimeout(120_000);
	const f = club.facilitator.page;
	const p = club.participants[0].page;

	await test.step('both open the room; the participant reads until the facilitator lets them write', async () => {
		await openNotes(f, club.activityId);
		await openNotes(p, club.activityId);
		await expect(notes(p)).toHaveAttribute('readonly', '');
		await expect(p.getByTestId('notes-panel')).toContainText(t('notes_hint_read'));
		await f.getByRole('button', { name: t('notes_allow') }).click();
		await expect(f.getByTestId('notes-writers')).toContainText(t('notes_writers_on'));
		// The participant's page learns it through the room's live stream, without reloading.
		await expect(notes(p)).not.toHaveAttribute('readonly');
		await expect(p.getByTestId('notes-panel')).toContainText(t('notes_hint_write'));
	});

	await test.step('they type different sentences at the same time', async () => {
		await notes(f).click();
		await notes(p).click();
		await Promise.all([
			notes(f).pressSequentially(CLAIRE, { delay: 25 }),
			notes(p).pressSequentially(PARTICIPANT, { delay: 25 })
		]);
		// Each whole sentence, its final dot included (escaped: a bare '.' would match any letter of the other's).
		const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
		for (const page of [f, p]) {
			await expect(notes(page)).toHaveValue(new RegExp(`(?=[^]*${escape(CLAIRE)})(?=[^]*${escape(PARTICIPANT)})`), {
				timeout: 10_000
			});
			await expect(notes(page)).toHaveAttribute('data-saving', 'no');
		}
		// The last change of one page reaches the other a moment after it was saved.
		await expect.poll(async () => (await notes(f).inputValue()) === (await notes(p).inputValue())).toBe(true);
	});

	await test.step('after a reload, both sentences are still in both pages', async () => {
		for (const page of [f, p]) {
			await page.reload();
			await expect(notes(page)).toHaveAttribute('data-loaded', 'yes', { timeout: 15_000 });
			const text = await notes(page).inputValue();
			expect(text).toContain(CLAIRE);
			expect(text).toContain(PARTICIPANT);
		}
	});

	await test.step('notes over the size limit are refused with a clear message, nothing written', async () => {
		const doc = new Y.Doc();
		doc.getText('notes').insert(0, 'x'.repeat(20_001));
		const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
		const res = await club.facilitator.context.request.post(`/rooms/${club.activityId}/notes`, {
			headers: { accept: 'application/json' },
			data: { update: base64(Y.encodeStateAsUpdate(doc)), stateVector: base64(Y.encodeStateVector(doc)) }
		});
		expect(res.status()).toBe(413);
		expect((await res.json()).message).toBe(t('notes_error_too_long', { value: 20_000 }));
		await p.reload();
		await expect(notes(p)).toHaveAttribute('data-loaded', 'yes', { timeout: 15_000 });
		expect(await notes(p).inputValue()).not.toContain('xxxxx');
	});

	await test.step('the cohort reads the notes from its timeline, on the activity’s notes page', async () => {
		await p.goto(`/cohorts/${club.cohortId}`);
		await p.getByTestId('notes-link').first().click();
		await expect(p).toHaveURL(new RegExp(`/activities/${club.activityId}/notes$`));
		await expect(p.getByTestId('notes-read')).toContainText(CLAIRE);
		await expect(p.getByTestId('notes-read')).toContainText(PARTICIPANT);
	});
});
