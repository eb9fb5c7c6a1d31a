/**
 * Issue 14, acceptance 1 — polls and reactions in the live room, with the real livekit-server, inside the
 * loopback-only namespace: a facilitator (desktop) on video and two participants on phones (Pixel 7), one in
 * the call in audio-only, one in the room in person who answers from /me; a poll answered by both with one
 * tap each reaches the facilitator's bar chart; a named poll shows who answered what to the facilitator only;
 * a reaction sent by one participant floats up on the other pages.
 */
import { expect, test, type Page } from '@playwright/test';
import { t } from './helpers';
import { buildLiveClub, closeClub, enterRoom, type LiveClub } from './live-helpers';

test.describe.configure({ mode: 'serial' });

let club: LiveClub;
test.beforeAll(async ({ browser }) => {
	test.setTimeout(120_000);
	club = await buildLiveClub(browser, 2, { phones: true });
});
test.afterAll(async () => closeClub(club));

const poll = (page: Page) => page.locator('#poll');
/** The poll open now (closed ones are listed below it). */
const current = (page: Page) => page.getByTestId('poll-current');
const answer = (page: Page, words: string) => current(page).getByRole('button', { name: words, exact: true });
/** One answer's bar in the open poll's chart, by its words. */
const bar = (page: Page, words: string) => current(page).locator(`li[data-answer="${words}"]`);
const total = (page: Page) => current(page).getByTestId('poll-total');

async function startPoll(page: Page, question: string, options: { answers?: string[]; named?: boolean }) {
	await poll(page)
		.locator('summary', { hasText: t('poll_start_title') })
		.click();
	await page.getByLabel(t('poll_question')).fill(question);
	if (options.answers)
		for (const [i, a] of options.answers.entries())
			await page.getByLabel(t('poll_option', { number: i + 1 }), { exact: true }).fill(a);
	else await page.getByLabel(t('poll_kind_thumbs')).check();
	if (options.named) await page.getByLabel(t('poll_named')).check();
	await page.getByRole('button', { name: t('poll_start') }).click();
	await expect(current(page).getByTestId('poll-question')).toHaveText(question);
}

test('polls answered with one tap on phones reach the facilitator’s chart; named answers and reactions', async () => {
	test.setTimeout(120_000);
	const f = club.facilitator.page;
	const [onCall, inRoom] = club.participants;

	await test.step('the facilitator on video, one participant in audio-only, one in the room with a phone', async () => {
		await enterRoom(f, club.activityId);
		await enterRoom(onCall.page, club.activityId, { audioOnly: true });
		await inRoom.page.goto('/me');
		await expect(inRoom.page.getByTestId('me-open-poll')).toHaveCount(0);
	});

	await test.step('an anonymous poll: one tap each, and the facilitator’s chart shows 2 answers', async () => {
		const answers = ['Oui, prêt', 'Presque', 'Pas encore'];
		await startPoll(f, 'Votre CV est-il prêt ?', { answers });
		// The participant in the call sees it come without reloading, and taps once.
		await answer(onCall.page, 'Presque').click();
		await expect(onCall.page.getByRole('status').filter({ hasText: t('poll_thanks') })).toBeVisible();
		// The one in the room: /me's "now" card, then the answer (two taps).
		await inRoom.page.reload();
		await inRoom.page.getByTestId('me-open-poll').click();
		await answer(inRoom.page, 'Oui, prêt').click();
		// Within 2 s of the second tap (acceptance 1).
		await expect(total(f)).toHaveText(t('poll_total', { count: 2 }), {
			timeout: 2_000
		});
		await expect(bar(f, 'Presque')).toHaveAttribute('data-count', '1');
		await expect(bar(f, 'Oui, prêt')).toHaveAttribute('data-count', '1');
		await expect(bar(f, 'Pas encore')).toHaveAttribute('data-count', '0');
		// Participants see the counts once they answered; the first one's page follows the second answer live.
		await expect(total(onCall.page)).toHaveText(t('poll_total', { count: 2 }));
		await expect(current(f).getByTestId('poll-voters')).toHaveCount(0);

		// A second answer is refused with a clear message; nothing changes.
		const pollId = await current(f).getAttribute('data-poll');
		const optionId = await bar(f, 'Pas encore').getAttribute('data-option');
		const again = await inRoom.context.request.post(`/rooms/${club.activityId}?/pollAnswer`, {
			headers: { accept: 'application/json', origin: new URL(f.url()).origin },
			form: { pollId: pollId!, optionId: optionId! }
		});
		expect(JSON.parse(await again.text())).toMatchObject({ type: 'failure', status: 409 });
		expect(await again.text()).toContain(t('poll_error_already'));

		await current(f)
			.getByRole('button', { name: t('poll_close') })
			.click();
		for (const page of [f, onCall.page, inRoom.page])
			await expect(poll(page).getByText(t('poll_none_open'))).toBeVisible();
	});

	await test.step('a named thumbs poll: the facilitator sees who answered what; participants see counts', async () => {
		await startPoll(f, 'Ça va ce matin ?', { named: true });
		await answer(onCall.page, t('poll_thumbs_up')).click();
		await answer(inRoom.page, t('poll_thumbs_down')).click();
		await expect(total(f)).toHaveText(t('poll_total', { count: 2 }));
		await expect(bar(f, t('poll_thumbs_up')).getByTestId('poll-voters')).toHaveText(
			t('poll_voters', { names: onCall.name })
		);
		await expect(bar(f, t('poll_thumbs_down')).getByTestId('poll-voters')).toHaveText(
			t('poll_voters', { names: inRoom.name })
		);
		for (const [page, other] of [
			[onCall.page, inRoom.name],
			[inRoom.page, onCall.name]
		] as const) {
			await expect(total(page)).toHaveText(t('poll_total', { count: 2 }));
			await expect(poll(page).getByTestId('poll-voters')).toHaveCount(0);
			await expect(poll(page)).not.toContainText(other);
		}
	});

	await test.step('a reaction sent by one participant appears on the other pages', async () => {
		await onCall.page.getByRole('button', { name: t('reaction_clap'), exact: true }).click();
		for (const page of [f, inRoom.page])
			await expect(page.locator('[data-testid="reaction-float"][data-reaction="clap"]').first()).toBeAttached();
	});
});
