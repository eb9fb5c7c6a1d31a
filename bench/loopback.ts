import { spawn } from 'node:child_process';

/**
 * Runs a bench's `main` where nothing leaves this machine (the test suite's rule): as root, the script runs
 * itself again inside a new network namespace with only `lo` up (and what `setup`, a shell command, adds there:
 * never a route out), and exits with its code.
 */
export async function inLoopbackNamespace(main: () => Promise<void>, setup = 'true'): Promise<void> {
	if (process.getuid?.() !== 0 || process.env.BENCH_IN_NAMESPACE) return main();
	const inner = spawn(
		'unshare',
		['-n', 'sh', '-c', `ip link set lo up && ${setup} && exec npx tsx ${process.argv[1]}`],
		{
			stdio: 'inherit',
			env: { ...process.env, BENCH_IN_NAMESPACE: '1' }
		}
	);
	inner.on('exit', (code) => process.exit(code ?? 1));
}
