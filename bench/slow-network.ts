// Bench (not a test): a participant's pages on a phone on a slow network. Pixel 7 viewport, emulated
// slow 4G (400 ms round trip, 1.6 Mbps down, 750 kbps up) and a 4× slower CPU, through the Chrome
// DevTools Protocol; a cold cache every run. Runs the e2e app (scripts/test-server.mjs: production
// build, seeded SQLite, LiveKit on loopback) on its own port, and Debian's Chromium.
//
//   npm run build && npx tsx bench/slow-network.ts      (as root it runs in a loopback-only namespace)
//
// Prints, for /me, /me/start and a room page, over BENCH_RUNS runs (default 5): the p50 of Largest
// Contentful Paint, of the bytes transferred and of the number of requests (until the network is idle),
// and the JavaScript files among them. Targets (issue 15): LCP ≤ 2.5 s on /me and /me/start, /me in
// ≤ 15 requests.
import { inLoopbackNamespace, startE2eApp } from './loopback.ts';

const PORT = process.env.BENCH_PORT ?? '4410';
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const NETWORK = {
	offline: false,
	latency: 400, // ms, round trip
	downloadThroughput: (1.6e6 / 8) * 1, // bytes/s
	uploadThroughput: 750e3 / 8
};
const CPU_SLOWDOWN = 4;

await inLoopbackNamespace(main);

interface Sample {
	lcp: number;
	bytes: number;
	requests: number;
	scripts: number;
}

async function main() {
	process.env.E2E_PORT = PORT;
	const { chromium, devices } = await import('@playwright/test');
	const { chromiumFlags } = await import('../playwright.config.ts');
	const { buildLiveClub, closeClub } = await import('../tests/live-helpers.ts');

	const { stop } = await startE2eApp(PORT);

	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: chromiumFlags
	});
	const club = await buildLiveClub(browser, 1, { phones: true });
	try {
		const storageState = await club.participants[0].page.context().storageState();

		/** One cold load of `path` on an emulated phone on slow 4G. */
		const load = async (path: string): Promise<Sample> => {
			const context = await browser.newContext({
				...devices['Pixel 7'],
				baseURL: `http://127.0.0.1:${PORT}`,
				locale: 'fr-FR',
				timezoneId: 'Europe/Paris',
				storageState,
				serviceWorkers: 'block'
			});
			try {
				const page = await context.newPage();
				await page.addInitScript(`
					window.__lcp = 0;
					new PerformanceObserver((list) => {
						for (const entry of list.getEntries()) window.__lcp = entry.startTime;
					}).observe({ type: 'largest-contentful-paint', buffered: true });
				`);
				const cdp = await context.newCDPSession(page);
				await cdp.send('Network.enable');
				await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
				await cdp.send('Network.emulateNetworkConditions', NETWORK);
				await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
				let bytes = 0;
				let requests = 0;
				let scripts = 0;
				cdp.on('Network.requestWillBeSent', (event) => {
					if (event.request.url.startsWith('data:')) return;
					requests++;
					if (event.type === 'Script' || /\.js(\?|$)/.test(event.request.url)) scripts++;
				});
				cdp.on('Network.loadingFinished', (event) => (bytes += event.encodedDataLength));
				await page.goto(path, { waitUntil: 'networkidle', timeout: 120_000 });
				// LCP is final once the user interacts; reading it after the network is idle is the same here.
				const lcp = await page.evaluate<number>('window.__lcp');
				return { lcp, bytes, requests, scripts };
			} finally {
				await context.close();
			}
		};

		const p50 = (values: number[]) => {
			const sorted = [...values].sort((a, b) => a - b);
			return sorted[Math.ceil(sorted.length / 2) - 1];
		};
		const pages: [string, string][] = [
			['/me', '/me'],
			['/me/start', '/me/start'],
			['a room page', `/rooms/${club.activityId}`]
		];
		const rows: string[] = [];
		for (const [label, path] of pages) {
			await load(path); // warm the server (first render of a route), not measured
			const samples: Sample[] = [];
			for (let run = 0; run < RUNS; run++) samples.push(await load(path));
			const lcps = samples.map((s) => s.lcp);
			rows.push(
				`  ${label.padEnd(12)} ${`${(p50(lcps) / 1000).toFixed(2)} s`.padStart(8)} ` +
					`(${(Math.min(...lcps) / 1000).toFixed(2)}–${(Math.max(...lcps) / 1000).toFixed(2)})  ` +
					`${`${(p50(samples.map((s) => s.bytes)) / 1024).toFixed(0)} KB`.padStart(8)}  ` +
					`${String(p50(samples.map((s) => s.requests))).padStart(8)}  ${String(p50(samples.map((s) => s.scripts))).padStart(7)}`
			);
		}
		console.log(
			`\nPixel 7, slow 4G (${NETWORK.latency} ms RTT, ${(NETWORK.downloadThroughput * 8) / 1e6} Mbps down), ` +
				`${CPU_SLOWDOWN}× CPU slowdown, cold cache; p50 of ${RUNS} runs (LCP min–max):`
		);
		console.log(`  page         LCP p50  (min–max)      transfer  requests  scripts`);
		for (const row of rows) console.log(row);
	} finally {
		await closeClub(club);
		await browser.close();
		stop();
	}
}
