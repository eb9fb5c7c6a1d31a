// Runs independent read-only commands side by side (`npm run check`: svelte-check, ESLint and Prettier are
// each single-threaded, so on two cores they take the time of the slowest instead of the sum). Each
// command's output is held and printed in one piece when it ends, with its time; the exit status is the
// first failure's, or 0.
//
//   node scripts/parallel.mjs 'svelte-check --threshold error' 'eslint .' 'prettier --check .'
import { spawn } from 'node:child_process';

const commands = process.argv.slice(2);
if (commands.length === 0) {
	console.error('usage: node scripts/parallel.mjs <command> [<command> ...]');
	process.exit(2);
}

const started = performance.now();
const results = await Promise.all(
	commands.map(
		(command) =>
			new Promise((done) => {
				const t0 = performance.now();
				// Through the shell with node_modules/.bin on PATH, as npm scripts run.
				const child = spawn(command, { shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
				const output = [];
				child.stdout.on('data', (chunk) => output.push(chunk));
				child.stderr.on('data', (chunk) => output.push(chunk));
				child.once('error', (err) => output.push(Buffer.from(`${err.message}\n`)));
				child.once('close', (status, signal) => {
					const seconds = ((performance.now() - t0) / 1000).toFixed(1);
					const code = status ?? (signal ? 1 : 0);
					process.stdout.write(`\n--- ${command} (${seconds} s${code === 0 ? '' : `, failed: exit ${code}`})\n`);
					process.stdout.write(Buffer.concat(output));
					done(code);
				});
			})
	)
);
const failed = results.find((code) => code !== 0);
console.log(`\n${commands.length} commands side by side: ${((performance.now() - started) / 1000).toFixed(1)} s`);
process.exit(failed ?? 0);
