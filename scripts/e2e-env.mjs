// Where the end-to-end app keeps its state, shared by scripts/test-server.mjs and the specs.
// The folder is per checkout as well as per port: suites of two checkouts on one machine, each in its
// own network namespace, share /tmp, and one must not wipe the other's database.
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const E2E_LIVEKIT_PORT = 17890;
export const E2E_LIVEKIT_UDP_PORT = 17892;
/** The second e2e server's LiveKit (the cases tagged @alone, playwright.config.ts). */
export const E2E_ALONE_LIVEKIT_PORT = 17894;
export const E2E_ALONE_LIVEKIT_UDP_PORT = 17896;
const checkout = createHash('sha256')
	.update(resolve(dirname(fileURLToPath(import.meta.url)), '..'))
	.digest('hex')
	.slice(0, 8);
/** @param {string | number} appPort */
export const e2eDataDir = (appPort) => join(tmpdir(), `tablee-e2e-${appPort}-${checkout}`);
/**
 * The file that moves the e2e server's clock (TEST_CLOCK_FILE, src/lib/server/clock.ts): an offset in ms.
 * @param {string | number} appPort
 */
export const e2eClockFile = (appPort) => join(e2eDataDir(appPort), 'clock-offset-ms');
