// Bench (not a test): how fast a participant gets into a live room, and how much JavaScript the
// participant's pages cost. Runs the e2e app (scripts/test-server.mjs: production build, seeded
// SQLite, a LiveKit server on loopback) on its own port, and Debian's Chromium.
//
//   npm run build && npx tsx bench/live-join.ts            (as root it runs in a loopback-only namespace)
//
// Prints: time from clicking "Rejoindre" to the first frame of the facilitator's video rendered,
// over 20 runs (p50, p95, min, max); gzip size of the JavaScript /me loads, and of what a room page
// loads on top (its own chunks and livekit-client).
import { spawn } from 'node:child_process';
import { gzipSync } from 'node:zlib';

const PORT = process.env.BENCH_PORT ?? '4400';
const RUNS = Number(process.env.BENCH_RUNS ?? 20);

if (process.getuid?.() === 0 && !process.env.BENCH_IN_NAMESPACE) {
	// Same rule as the test suite: nothing leaves loopback.
	const inner = spawn('unshare', ['-n', 'sh', '-c', `ip link set lo up && exec npx tsx ${process.argv[1]}`], {
		stdio: 'inherit',
		env: { ...process.env, BENCH_IN_NAMESPACE: '1' }
	});
	inner.on('exit', (code) => process.exit(code ?? 1));
} else {
	await main();
}

async function main() {
	process.env.E2E_PORT = PORT;
	const { chromium } = await import('@playwright/test');
	const { chromiumFlags } = await import('../playwright.config.ts');
	const { buildLiveClub, closeClub, enterRoom } = await import('../tests/live-helpers.ts');
	const { t } = await import('../tests/helpers.ts');

	const server = spawn(process.execPath, ['scripts/test-server.mjs'], {
		stdio: ['ignore', 'ignore', 'inherit'],
		env: { ...process.env, E2E_PORT: PORT }
	});
	const stop = () => server.kill('SIGTERM');
	process.on('exit', stop);
	for (let i = 0; ; i++) {
		try {
			if ((await fetch(`http://127.0.0.1:${PORT}/login`)).ok) break;
		} catch {
			// not yet
		}
		if (i > 300) throw new Error('the app did not start');
		await new Promise((r) => setTimeout(r, 200));
	}

	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: chromiumFlags
	});
	const club = await buildLiveClub(browser, 1, { phones: true });
	try {
		const [participant] = club.participants;
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
		const times: number[] = [];
		for (let run = 0; run < RUNS; run++) {
			await page.goto(`/rooms/${club.activityId}`);
			await page
				.locator('.lobby')
				.getByRole('button', { name: t('room_join') })
				.waitFor();
			// A string, not a function: tsx would wrap named closures in a helper the page does not have.
			const ms = await page.evaluate<number>(`new Promise((resolve, reject) => {
				const button = [...document.querySelectorAll('.lobby button')].find((b) => b.textContent.includes(${JSON.stringify(t('room_join'))}));
				if (!button) return reject(new Error('no join button'));
				const start = performance.now();
				const watch = () => {
					const video = document.querySelector('[data-identity="${facilitatorId}"] video');
					if (video) video.requestVideoFrameCallback(() => resolve(performance.now() - start));
					else requestAnimationFrame(watch);
				};
				button.click();
				watch();
				setTimeout(() => reject(new Error('no frame within 20 s')), 20000);
			})`);
			times.push(ms);
			await page.getByRole('button', { name: t('room_leave') }).click();
			await page.locator('.live-room[data-state="disconnected"]').waitFor();
		}
		times.sort((a, b) => a - b);
		const pct = (p: number) => times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)];
		const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
		console.log(`\n"Rejoindre" → first remote video frame, ${RUNS} runs on loopback (Pixel 7 viewport, fake camera):`);
		console.log(
			`  p50 ${pct(50).toFixed(0)} ms · p95 ${pct(95).toFixed(0)} ms · min ${times[0].toFixed(0)} ms · max ${times.at(-1)!.toFixed(0)} ms`
		);
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
