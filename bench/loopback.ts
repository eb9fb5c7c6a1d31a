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

/**
 * The e2e app (scripts/test-server.mjs: production build, seeded SQLite, a LiveKit server on loopback) on
 * `port`, answering; stops when `stop` is called or this process exits.
 */
export async function startE2eApp(port: string): Promise<{ stop: () => void }> {
	const server = spawn(process.execPath, ['scripts/test-server.mjs'], {
		stdio: ['ignore', 'ignore', 'inherit'],
		env: { ...process.env, E2E_PORT: port }
	});
	const stop = () => server.kill('SIGTERM');
	process.on('exit', stop);
	for (let i = 0; ; i++) {
		try {
			if ((await fetch(`http://127.0.0.1:${port}/login`)).ok) return { stop };
		} catch {
			// not yet
		}
		if (i > 300) throw new Error('the app did not start');
		await new Promise((r) => setTimeout(r, 200));
	}
}
