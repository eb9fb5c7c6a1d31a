// Processes a test run leaves behind. scripts/test.mjs gives every process of the suite a mark in its
// environment (inherited by every child: test servers, LiveKit servers, Chromium, Vitest workers);
// whatever still holds the mark when the suite is over was left running. Linux only (/proc).
import { readdirSync, readFileSync } from 'node:fs';

export const RUN_MARK = 'TABLEE_TEST_RUN';

/**
 * @param {string} runId the mark's value for this run
 * @returns {{ pid: number, command: string }[]} live processes holding `TABLEE_TEST_RUN=<runId>` (not this one)
 */
export function markedProcesses(runId) {
	const mark = `${RUN_MARK}=${runId}`;
	/** @type {{ pid: number, command: string }[]} */
	const found = [];
	for (const entry of readdirSync('/proc')) {
		const pid = Number(entry);
		if (!Number.isInteger(pid) || pid === process.pid) continue;
		try {
			if (!readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(mark)) continue;
			// A zombie is already dead: it only waits for its parent to read its status.
			const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
			if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
			const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
			found.push({ pid, command: command.length > 160 ? `${command.slice(0, 157)}...` : command });
		} catch {
			// ended meanwhile, or not ours to read
		}
	}
	return found;
}

/**
 * Waits up to `graceMs` for the marked processes to end by themselves, then kills (SIGKILL) and returns
 * those still there.
 * @param {string} runId
 * @param {number} [graceMs]
 */
export async function killLeftovers(runId, graceMs = 5000) {
	let left = markedProcesses(runId);
	const deadline = Date.now() + graceMs;
	while (left.length > 0 && Date.now() < deadline) {
		await new Promise((r) => setTimeout(r, 250));
		left = markedProcesses(runId);
	}
	for (const { pid } of left) {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {
			// ended meanwhile
		}
	}
	return left;
}
