/**
 * Issue 14, acceptance 5 — participation figures per person, with the real livekit-server: a scripted session
 * where one participant speaks (Chromium's fake microphone fed a steady tone) for a known time and another stays
 * silent (the same fake microphone fed silence) in audio only. livekit-server's active-speaker updates, reported
 * by each person's page and kept inside their presences, give the first a speaking time close to the scripted
 * one and the second none; each person sees only their own figures on /me; participants get 403 on everyone's.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, test, type Browser } from '@playwright/test';
import { chromiumFlags } from '../playwright.config';
import { axeFindings, t } from './helpers';
import { buildLiveClub, closeClub, enterRoom, type LiveClub } from './live-helpers';

test.describe.configure({ mode: 'serial' });

/** A 16-bit mono PCM WAV of `seconds` of a 440 Hz tone at `amplitude` (0: silence); Chromium loops it. */
function wav(path: string, amplitude: number, seconds = 2) {
	const rate = 48_000;
	const samples = rate * seconds;
	const data = Buffer.alloc(samples * 2);
	for (let i = 0; i < samples; i++)
		data.writeInt16LE(Math.round(amplitude * 32_767 * Math.sin((2 * Math.PI * 440 * i) / rate)), i * 2);
	const header = Buffer.alloc(44);
	header.write('RIFF', 0);
	header.writeUInt32LE(36 + data.length, 4);
	header.write('WAVEfmt ', 8);
	header.writeUInt32LE(16, 16);
	header.writeUInt16LE(1, 20); // PCM
	header.writeUInt16LE(1, 22); // mono
	header.writeUInt32LE(rate, 24);
	header.writeUInt32LE(rate * 2, 28);
	header.writeUInt16LE(2, 32);
	header.writeUInt16LE(16, 34);
	header.write('data', 36);
	header.writeUInt32LE(data.length, 40);
	writeFileSync(path, Buffer.concat([header, data]));
}

const browserWith = (audioFile: string) =>
	chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: [...chromiumFlags, `--use-file-for-fake-audio-capture=${audioFile}`]
	});

/** How long the speaker speaks: long enough for LiveKit's speaker detection to settle (it updates every ~0.5 s). */
const SCRIPTED_MS = 12_000;

let dir: string;
let speakingBrowser: Browser;
let silentBrowser: Browser;
let club: LiveClub;

test.beforeAll(async () => {
	test.setTimeout(120_000);
	dir = mkdtempSync(join(tmpdir(), 'tablee-voices-'));
	wav(join(dir, 'tone.wav'), 0.5);
	wav(join(dir, 'silence.wav'), 0);
	[speakingBrowser, silentBrowser] = await Promise.all([
		browserWith(join(dir, 'tone.wav')),
		browserWith(join(dir, 'silence.wav'))
	]);
	// The facilitator and the silent participant hear silence from their microphones; participant 0 the tone.
	club = await buildLiveClub(silentBrowser, 2, {
		phones: true,
		browserFor: (i) => (i === 0 ? speakingBrowser : silentBrowser)
	});
});
test.afterAll(async () => {
	if (club) await closeClub(club);
	await Promise.all([speakingBrowser?.close(), silentBrowser?.close()]);
	if (dir) rmSync(dir, { recursive: true, force: true });
});

test('a scripted session: the speaker’s speaking time, the silent one’s none, each person their own', async () => {
	test.setTimeout(150_000);
	const f = club.facilitator.page;
	const [speaker, silent] = club.participants;
	let scripted = 0;

	await test.step('the facilitator and the silent participant (audio only) are in the room', async () => {
		await enterRoom(f, club.activityId);
		await enterRoom(silent.page, club.activityId, { audioOnly: true });
	});

	await test.step('the speaker joins with the microphone on, writes, claps, and mutes after a known time', async () => {
		await enterRoom(speaker.page, club.activityId);
		const from = Date.now();
		// The other pages see LiveKit name the speaker as speaking: the tone is heard.
		await expect(f.locator(`.tile.speaking[data-identity="${speaker.id}"]`)).toBeVisible({ timeout: 10_000 });
		await speaker.page
			.getByRole('button', { name: new RegExp(t('room_chat')) })
			.first()
			.click();
		await speaker.page.getByLabel(t('room_chat_label')).fill('Je suis là');
		await speaker.page.getByRole('button', { name: t('room_chat_send') }).click();
		await speaker.page.getByRole('button', { name: t('reaction_clap'), exact: true }).click();
		await silent.page.getByRole('button', { name: t('room_hand_raise') }).click();
		await expect(silent.page.getByRole('button', { name: t('room_hand_lower') })).toBeVisible();
		// The script: the tone goes on until SCRIPTED_MS after the join, then the microphone is muted.
		await speaker.page.waitForTimeout(Math.max(0, SCRIPTED_MS - (Date.now() - from)));
		await speaker.page.getByRole('button', { name: t('room_mic_off') }).click();
		scripted = Date.now() - from;
		await expect(f.locator(`.tile.speaking[data-identity="${speaker.id}"]`)).toHaveCount(0, { timeout: 10_000 });
	});

	await test.step('both participants leave; their pages tell what they saw', async () => {
		for (const p of [speaker, silent]) await p.page.getByRole('button', { name: t('room_leave') }).click();
	});

	const figure = (userId: string, name: string) => f.locator(`li[data-person="${userId}"] [data-figure="${name}"] dd`);
	await test.step('the facilitator’s page: speaking times differ as they should, and the counts', async () => {
		const page = `/activities/${club.activityId}/participation`;
		await f.goto(page);
		const speakerCard = f.locator(`li[data-person="${speaker.id}"]`);
		// The last report and LiveKit's webhooks arrive within moments of leaving.
		await expect
			.poll(
				async () => {
					await f.goto(page);
					return Number((await speakerCard.getAttribute('data-speaking-seconds')) ?? 0);
				},
				{ timeout: 20_000 }
			)
			.toBeGreaterThan(0);
		const spoke = Number(await speakerCard.getAttribute('data-speaking-seconds'));
		console.log(`speaking: scripted ${(scripted / 1000).toFixed(1)} s, measured ${spoke} s`);
		// LiveKit needs about a second to name a speaker and to drop them, and the presence starts at the webhook.
		expect(spoke).toBeGreaterThanOrEqual(Math.floor((scripted * 0.5) / 1000));
		expect(spoke).toBeLessThanOrEqual(Math.ceil(scripted / 1000) + 2);
		await expect(f.locator(`li[data-person="${silent.id}"]`)).toHaveAttribute('data-speaking-seconds', '0');
		// Video for the speaker, audio only for the silent one.
		expect(Number(await speakerCard.getAttribute('data-camera-seconds'))).toBeGreaterThan(0);
		await expect(f.locator(`li[data-person="${silent.id}"]`)).toHaveAttribute('data-camera-seconds', '0');
		await expect(figure(speaker.id, 'messages')).toHaveText('1');
		await expect(figure(speaker.id, 'reactions')).toHaveText('1');
		await expect(figure(silent.id, 'hands')).toHaveText('1');
		await expect(figure(silent.id, 'messages')).toHaveText('0');
		expect(await axeFindings(f)).toEqual([]);
	});

	await test.step('each person sees their own on /me, and gets 403 on everyone’s', async () => {
		const spoke = await f.locator(`li[data-person="${speaker.id}"]`).getAttribute('data-speaking-seconds');
		await speaker.page.goto('/me');
		const mine = speaker.page.getByTestId('me-last-session');
		await expect(mine.getByTestId('me-spoke')).toHaveAttribute('data-seconds', spoke ?? '');
		await expect(mine).not.toContainText(silent.name);
		expect(await axeFindings(speaker.page)).toEqual([]);
		await silent.page.goto('/me');
		await expect(silent.page.getByTestId('me-spoke')).toContainText(t('participation_me_listened'));
		for (const p of [speaker, silent]) {
			const everyone = await p.context.request.get(`/activities/${club.activityId}/participation`);
			expect(everyone.status()).toBe(403);
		}
	});
});
