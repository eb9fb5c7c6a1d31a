import { defineConfig, devices } from '@playwright/test';
import { E2E_ALONE_LIVEKIT_PORT, E2E_ALONE_LIVEKIT_UDP_PORT } from './scripts/e2e-env.mjs';

// Debian's Chromium (never a downloaded browser), with fake media,
// loopback WebRTC, and nothing that phones home.
export const chromiumFlags = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--use-fake-ui-for-media-stream',
	'--use-fake-device-for-media-stream',
	'--allow-loopback-in-peer-connection',
	'--disable-features=WebRtcHideLocalIpsWithMdns',
	'--autoplay-policy=no-user-gesture-required'
];
const launchOptions = { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumFlags };

export const PORT = Number(process.env.E2E_PORT ?? 4173);
export const baseURL = `http://127.0.0.1:${PORT}`;
/** The second e2e server, for the cases tagged @alone (tests/e2e-server.ts). */
export const ALONE_PORT = PORT + 1;
export const aloneBaseURL = `http://127.0.0.1:${ALONE_PORT}`;

export default defineConfig({
	testDir: 'tests',
	fullyParallel: false,
	workers: 2,
	// On CI a failed case runs once more and, if it passes, is reported as "flaky" in the summary: a
	// race to find and fix (each one found so far was: a page read mid-hydration, a file picked before
	// the scripts, a reminder rule at 23:50), not a pass to forget. Locally, never.
	retries: process.env.CI ? 1 : 0,
	forbidOnly: true,
	reporter: [['list'], ['./tests/timeline-reporter.ts']],
	timeout: 60_000,
	// A trace is recorded for the retry of a failed case only (locally, where nothing is retried, pass
	// --trace on). Recording one for every case and keeping it on failure made Chromium and the runner do
	// 40 % more work: a11y on the desktop, 101 s with traces against 64 s without (152 against 87 CPU seconds).
	use: { baseURL, locale: 'fr-FR', timezoneId: 'Europe/Paris', trace: 'on-first-retry' },
	projects: [
		// Cases that change a whole server (tagged @alone: they stop its LiveKit server, or move its clock) run on
		// a second e2e server of their own, one at a time (workers: 1), listed first so that they start at once
		// beside the others instead of after them. Their phone cases take the Pixel 7 in the spec (test.use).
		{
			name: 'alone',
			grep: /@alone/,
			workers: 1,
			use: { ...devices['Desktop Chrome'], launchOptions, baseURL: aloneBaseURL }
		},
		// The phone project runs the specs that are about what a phone shows. Listed before the desktop one so that
		// its long a11y file starts early beside the others: listed last, it ran alone at the end, one worker idle.
		{
			name: 'phone',
			testMatch: /(a11y|phone)\.spec\.ts/,
			grepInvert: /@alone/,
			use: { ...devices['Pixel 7'], launchOptions }
		},
		// Specs about a phone (*phone.spec.ts) run in the phone project only.
		{
			name: 'desktop',
			testIgnore: /phone\.spec\.ts/,
			grepInvert: /@alone/,
			use: { ...devices['Desktop Chrome'], launchOptions }
		}
	],
	// SIGTERM first (then SIGKILL after 10 s): test-server stops LiveKit and removes its data folder.
	webServer: [
		{
			command: 'node scripts/test-server.mjs',
			url: `${baseURL}/login`,
			reuseExistingServer: false,
			timeout: 120_000,
			stdout: 'pipe',
			gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
			env: { E2E_PORT: String(PORT) }
		},
		{
			command: 'node scripts/test-server.mjs',
			url: `${aloneBaseURL}/login`,
			reuseExistingServer: false,
			timeout: 120_000,
			stdout: 'pipe',
			gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
			env: {
				E2E_PORT: String(ALONE_PORT),
				E2E_LIVEKIT_PORT: String(E2E_ALONE_LIVEKIT_PORT),
				E2E_LIVEKIT_UDP_PORT: String(E2E_ALONE_LIVEKIT_UDP_PORT)
			}
		}
	]
});
