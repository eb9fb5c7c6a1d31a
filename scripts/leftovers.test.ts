// The end-of-suite check of `npm test` (issue 15): a process started with the run's mark and left running
// — even detached into its own session, as the fault spec's LiveKit server once was — is found and
// killed; processes of other runs and processes that ended are not reported.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { killLeftovers, markedProcesses, RUN_MARK } from './leftovers.mjs';

const started: ChildProcess[] = [];
afterEach(() => {
	for (const child of started.splice(0)) child.kill('SIGKILL');
});

function sleeper(runId: string, detached = false) {
	const child = spawn('sleep', ['60'], { env: { ...process.env, [RUN_MARK]: runId }, detached, stdio: 'ignore' });
	started.push(child);
	if (detached) child.unref();
	return child;
}

const exited = (child: ChildProcess) =>
	new Promise<void>((done) =>
		child.exitCode !== null || child.signalCode !== null ? done() : child.once('exit', done)
	);

describe('what the suite leaves behind', () => {
	it('finds the processes of this run, detached ones too, and not those of another run', () => {
		const run = randomUUID();
		const mine = sleeper(run);
		const orphan = sleeper(run, true);
		const other = sleeper(randomUUID());
		const found = markedProcesses(run).map((p) => p.pid);
		expect(found.sort()).toEqual([mine.pid, orphan.pid].sort());
		expect(found).not.toContain(other.pid);
		expect(markedProcesses(run).every((p) => p.command === 'sleep 60')).toBe(true);
	});

	it('kills what is still there after the grace time and reports it; nothing left means an empty list', async () => {
		const run = randomUUID();
		const orphan = sleeper(run, true);
		const left = await killLeftovers(run, 300);
		expect(left.map((p) => p.pid)).toEqual([orphan.pid]);
		await exited(orphan);
		expect(orphan.signalCode).toBe('SIGKILL');
		expect(markedProcesses(run)).toEqual([]);
		expect(await killLeftovers(run, 300)).toEqual([]);
	});

	it('does not report a process that ends during the grace time', async () => {
		const run = randomUUID();
		const ending = sleeper(run);
		setTimeout(() => ending.kill('SIGTERM'), 100);
		expect(await killLeftovers(run, 3000)).toEqual([]);
	});
});
