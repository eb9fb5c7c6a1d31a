// `npm run test:e2e`: Playwright inside a network namespace that holds only loopback, so no packet
// can leave the machine. Needs root (CI is root); elsewhere it says so and runs without the namespace.
import { spawnSync } from 'node:child_process';

const args = process.argv
	.slice(2)
	.map((a) => `'${a.replace(/'/g, `'\\''`)}'`)
	.join(' ');
const inner = `ip link set lo up && exec npx playwright test ${args}`;
const isRoot = process.getuid?.() === 0;
const result = isRoot
	? spawnSync('unshare', ['-n', 'sh', '-c', inner], { stdio: 'inherit' })
	: (console.warn('Not root: running the browser suite without a loopback-only network namespace.'),
		spawnSync('sh', ['-c', `exec npx playwright test ${args}`], { stdio: 'inherit' }));
process.exit(result.status ?? 1);
