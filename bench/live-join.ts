// Bench (not a test): how fast a participant gets into a live room, and how much JavaScript the
// participant's pages cost. Runs the e2e app (scripts/test-server.mjs: production build, seeded
// SQLite, a LiveKit server on loopback) on its own port, and Debian's Chromium.
//
//   npm run build && npx tsx bench/live-join.ts            (as root it runs in a loopback-only namespace)
//
// Prints: time from clicking "Rejoindre" to the first frame of the facilitator's video rendered,
// over 20 runs one after the other (p50, p95, min, max), and for a burst — 8 participants clicking
// within 2 s while the facilitator publishes, as a club starting at 9:30; what a participant in
// audio-only mode receives (kbps over 10 s, audio and video, from getStats); gzip size of the
// JavaScript /me loads, and of what a room page loads on top (its own chunks and livekit-client).
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { e2eDataDir } from '../scripts/e2e-env.mjs';
import { cpuSeconds, machineTicks } from './cpu.ts';
import { inLoopbackNamespace, startE2eApp } from './loopback.ts';

const PORT = process.env.BENCH_PORT ?? '4400';
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const BURST = Number(process.env.BENCH_BURST ?? 8);
const BURST_SPREAD_MS = 2_000;
const AUDIO_SECONDS = 10;

await inLoopbackNamespace(main);

async function main() {
	process.env.E2E_PORT = PORT;
	const { chromium } = await import('@playwright/test');
	const { chromiumFlags } = await import('../playwright.config.ts');
	const { buildLiveClub, closeClub, enterRoom, inbound, toLobby } = await import('../tests/live-helpers.ts');
	const { t } = await import('../tests/helpers.ts');

	const { stop } = await startE2eApp(PORT);

	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: chromiumFlags
	});
	const club = await buildLiveClub(browser, 1 + BURST, { phones: true });
	try {
		const [participant, ...burst] = club.participants;
		const page = participant.page;

		// JavaScript cost: what /me loads, and what a room page loads beyond it.
		const livekitFiles = new Set<string>();
		const jsOf = async (path: string) => {
			const sizes = new Map<string, number>();
			const onResponse = async (res: import('@playwright/test').Response) => {
				if (res.request().resourceType() === 'script' || res.url().endsWith('.js')) {
					try {
						const body = await res.body();
						sizes.set(res.url(), gzipSync(body).length);
						if (body.includes('connectionQualityChanged')) livekitFiles.add(res.url()); // a LiveKit event name: only livekit-client has it
					} catch {
						// redirects have no body
					}
				}
			};
			page.on('response', onResponse);
			await page.goto(path, { waitUntil: 'networkidle' });
			page.off('response', onResponse);
			return sizes;
		};
		const me = await jsOf('/me');
		const roomSizes = await jsOf(`/rooms/${club.activityId}`);
		const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
		const extra = new Map([...roomSizes].filter(([url]) => !me.has(url)));
		const livekitChunk = [...extra].filter(([url]) => livekitFiles.has(url)).reduce((a, [, size]) => a + size, 0);

		// First frame: the facilitator publishes video; the participant joins RUNS times.
		await enterRoom(club.facilitator.page, club.activityId);
		const facilitatorId = await club.facilitator.page.evaluate(
			() => window.__tableeRoom?.localParticipant.identity ?? ''
		);
		await enterRoom(page, club.activityId); // the device check, once
		await page.getByRole('button', { name: t('room_leave') }).click();
		/** Clicks "Rejoindre" in the lobby and resolves with the ms until the facilitator's first frame. */
		const firstFrame = (p: import('@playwright/test').Page) =>
			// A string, not a function: tsx would wrap named closures in a helper the page does not have.
			// The tile's <video> may be replaced while the room settles (a snapshot without the track, then with
			// it): every element that appears is watched, and the first frame on any of them counts. On a miss,
			// what the page had then is reported (elements, their state, the subscription).
			p.evaluate<number>(`new Promise((resolve, reject) => {
				const button = [...document.querySelectorAll('.lobby button')].find((b) => b.textContent.includes(${JSON.stringify(t('room_join'))}));
				if (!button) return reject(new Error('no join button'));
				const start = performance.now();
				const seen = new Set();
				const scrollAtClick = scrollY;
				let done = false;
				const watch = () => {
					if (done) return;
					for (const video of document.querySelectorAll('[data-identity="${facilitatorId}"] video')) {
						if (seen.has(video)) continue;
						seen.add(video);
						video.requestVideoFrameCallback(() => { done = true; resolve(performance.now() - start); });
					}
					requestAnimationFrame(watch);
				};
				button.click();
				watch();
				setTimeout(() => {
					if (done) return;
					done = true;
					const videos = [...document.querySelectorAll('[data-identity="${facilitatorId}"] video')].map((v) => ({
						readyState: v.readyState, width: v.videoWidth, frames: v.getVideoPlaybackQuality().totalVideoFrames, paused: v.paused
					}));
					const room = window.__tableeRoom;
					const remote = room && room.remoteParticipants.get('${facilitatorId}');
					const pub = remote && [...remote.videoTrackPublications.values()][0];
					reject(new Error('no frame within 20 s: ' + JSON.stringify({
						state: room && room.state, visibility: document.visibilityState, scrollAtClick, scrollNow: scrollY, height: document.documentElement.scrollHeight, elementsSeen: seen.size, videos, box: (() => { const v = document.querySelector('[data-identity="${facilitatorId}"] video'); if (!v) return null; const r = v.getBoundingClientRect(); return [Math.round(r.top), Math.round(r.width), Math.round(r.height), innerHeight]; })(),
						publication: pub && { subscribed: pub.isSubscribed, enabled: pub.isEnabled, muted: pub.isMuted, streamState: pub.track && pub.track.streamState }
					})));
				}, 20000);
			})`);
		/** A fresh room page up to its lobby (a page just left shows the room as it ended). */
		const freshLobby = async (p: import('@playwright/test').Page) => {
			await p.goto(`/rooms/${club.activityId}`);
			await toLobby(p, club.activityId, 30_000);
		};
		const times: number[] = [];
		for (let run = 0; run < RUNS; run++) {
			await freshLobby(page);
			times.push(await firstFrame(page));
			await page.getByRole('button', { name: t('room_leave') }).click();
			await page.locator('.live-room[data-state="disconnected"]').waitFor();
		}

		// The burst: everyone in the lobby, then 8 clicks spread evenly over 2 s. Twice: as in a club (everyone
		// publishes their camera), and with the newcomers' cameras refused (getUserMedia fails for video, as on a
		// phone that said no; the room goes on with their microphone). On this one machine, 9 pages encoding
		// simulcast video and decoding each other's take the CPU the later joiners wait for; the second run
		// leaves only the server's part and the decoding of the facilitator's video.
		const offsets = burst.map((_, i) => Math.round((i * BURST_SPREAD_MS) / Math.max(1, burst.length - 1)));
		const livekitPid = Number(readFileSync(join(e2eDataDir(PORT), 'livekit.pid'), 'utf8'));
		const runBurst = async (cameras: boolean) => {
			await Promise.all(
				burst.map(async (b) => {
					await freshLobby(b.page);
					if (!cameras)
						await b.page.evaluate(() => {
							const media = navigator.mediaDevices;
							const original = media.getUserMedia.bind(media);
							media.getUserMedia = (constraints) =>
								constraints?.video
									? Promise.reject(new DOMException('camera refused by the bench', 'NotAllowedError'))
									: original(constraints);
						});
				})
			);
			const before = machineTicks();
			const sfuBefore = cpuSeconds([livekitPid]);
			const startedAt = performance.now();
			const results = await Promise.allSettled(
				burst.map(async (b, i) => {
					await new Promise((r) => setTimeout(r, offsets[i]));
					return firstFrame(b.page);
				})
			);
			const after = machineTicks();
			const busy = (100 * (after.busy - before.busy)) / Math.max(1, after.all - before.all);
			// The SFU's own share: what a club's server does, where the rest is the nine pages on this one machine.
			const sfu = (100 * (cpuSeconds([livekitPid]) - sfuBefore)) / ((performance.now() - startedAt) / 1000);
			for (const r of results) if (r.status === 'rejected') console.log(`  burst miss: ${String(r.reason)}`);
			for (const b of burst) await b.page.goto('/me');
			await new Promise((r) => setTimeout(r, 3_000)); // everyone has left before the next run
			return {
				times: results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : [])),
				inOrder: results.map((r) => (r.status === 'fulfilled' ? `${r.value.toFixed(0)} ms` : 'none')),
				missed: results.filter((r) => r.status === 'rejected').length,
				busy,
				sfu
			};
		};
		const bursts = { cameras: await runBurst(true), noCameras: await runBurst(false) };

		// Audio-only: the burst leaves; the participant joins with "son seulement" while the facilitator,
		// the one speaker left, keeps publishing camera and microphone; what arrives over 10 s once settled.
		await page.goto(`/rooms/${club.activityId}`);
		await enterRoom(page, club.activityId, { audioOnly: true });
		await page.waitForTimeout(3_000);
		const [audio0, video0] = [await inbound(page, 'audio'), await inbound(page, 'video')];
		await page.waitForTimeout(AUDIO_SECONDS * 1000);
		const [audio1, video1] = [await inbound(page, 'audio'), await inbound(page, 'video')];
		const kbps = (bytes: number) => ((bytes * 8) / AUDIO_SECONDS / 1000).toFixed(1);

		const stats = (list: number[]) => {
			const sorted = [...list].sort((a, b) => a - b);
			const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
			return `p50 ${pct(50).toFixed(0)} ms · p95 ${pct(95).toFixed(0)} ms · min ${sorted[0].toFixed(0)} ms · max ${sorted.at(-1)!.toFixed(0)} ms`;
		};
		const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
		console.log(`\n"Rejoindre" → first remote video frame, on loopback (Pixel 7 viewport, fake camera):`);
		console.log(`  one after the other, ${RUNS} runs: ${stats(times)}`);
		for (const [label, run] of [
			['everyone publishing their camera', bursts.cameras],
			['the newcomers’ cameras refused', bursts.noCameras]
		] as const) {
			console.log(
				`  burst, ${burst.length} people clicking at ${offsets.join(', ')} ms, ${label}: ${run.times.length ? stats(run.times) : '—'}` +
					(run.missed ? ` · ${run.missed} saw no frame within 20 s` : '')
			);
			console.log(`    in the order they clicked: ${run.inOrder.join(', ')}`);
			console.log(
				`    the machine's ${cpus().length} cores were ${run.busy.toFixed(0)} % busy from the first click to the last frame; ` +
					`livekit-server used ${run.sfu.toFixed(0)} % of one core of it`
			);
		}
		console.log(
			`\nAudio-only, received over ${AUDIO_SECONDS} s (the facilitator speaking; Chromium's fake microphone never falls silent, so DTX saves nothing here):`
		);
		console.log(`  audio ${kbps(audio1.bytes - audio0.bytes)} kbps · video ${kbps(video1.bytes - video0.bytes)} kbps`);
		console.log(`\nJavaScript, gzip:`);
		console.log(`  /me (participant home):          ${kb(sum(me))} in ${me.size} files`);
		console.log(
			`  a room page, on top of that:     ${kb(sum(extra))} in ${extra.size} files (livekit-client's chunk: ${kb(livekitChunk)})`
		);
		console.log(`  a room page in all:              ${kb(sum(roomSizes))}`);
		console.log(`  livekit-client loaded by /me:    ${[...me.keys()].some((u) => livekitFiles.has(u)) ? 'YES' : 'no'}`);
	} finally {
		await closeClub(club);
		await browser.close();
		stop();
	}
}
