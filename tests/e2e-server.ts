import { test } from '@playwright/test';
import { ALONE_PORT, PORT } from '../playwright.config';
import {
	e2eDataDir,
	E2E_ALONE_LIVEKIT_PORT,
	E2E_ALONE_LIVEKIT_UDP_PORT,
	E2E_LIVEKIT_PORT,
	E2E_LIVEKIT_UDP_PORT
} from '../scripts/e2e-env.mjs';

/**
 * The e2e server the running case talks to (scripts/test-server.mjs): the main one, or, for the cases of the
 * `alone` project (tagged @alone: they stop LiveKit or move the clock), the second one. Outside a case (a
 * bench using these helpers), the main one.
 */
export function e2eServer() {
	let alone = false;
	try {
		alone = test.info().project.name === 'alone';
	} catch {
		// Not inside a test: the main server.
	}
	const port = alone ? ALONE_PORT : PORT;
	return {
		port,
		baseURL: `http://127.0.0.1:${port}`,
		/** Its SQLite database, LiveKit pid and secret, uploads, clock file. */
		dataDir: e2eDataDir(port),
		livekitPort: alone ? E2E_ALONE_LIVEKIT_PORT : E2E_LIVEKIT_PORT,
		livekitUdpPort: alone ? E2E_ALONE_LIVEKIT_UDP_PORT : E2E_LIVEKIT_UDP_PORT
	};
}
