// Where the end-to-end app keeps its state, shared by scripts/test-server.mjs and the specs.
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const E2E_LIVEKIT_PORT = 17890;
export const E2E_LIVEKIT_UDP_PORT = 17892;
/** @param {string | number} appPort */
export const e2eDataDir = (appPort) => join(tmpdir(), `tablee-e2e-${appPort}`);
