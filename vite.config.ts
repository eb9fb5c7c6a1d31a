import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import { pageChunks } from './scripts/vite/page-chunks.ts';

// Chunks by the pages that use a module, a participant's first (issues 11 and 15: ≤ 60 kB of JavaScript
// and few requests per participant page). Every page loads the root layout's messages and modules, with
// those /me shares with another participant page, in two chunks; /me adds its own messages and
// components in two more, which no other page loads; the other participant pages split theirs by the
// pages that share them; the room page has its own; staff pages (on laptops) keep the bundler's grouping.
const PARTICIPANT = /^(me|account|cohorts\/\[cohortId\]\/feed|salon|notifications|checkin|invite|login|offline)(\/|$)/;
const chunks = pageChunks([
	{
		name: 'messages-common',
		test: (route, pages) =>
			route === '' || (route === 'me' && [...pages].some((other) => other !== 'me' && PARTICIPANT.test(other)))
	},
	{ name: 'messages-me', test: (route) => route === 'me' },
	{ name: 'messages-participant', test: (route) => PARTICIPANT.test(route) },
	{ name: 'messages-room', test: (route) => route.startsWith('rooms/') }
]);

// Vitest runs each test file in a fresh module graph unless told otherwise: every data test imported the whole
// domain again. A file shares its worker's modules unless it changes what the whole process shares — mocks a
// module, fakes timers, or sets an environment variable — which this reads in its text: such a file runs in a
// project of its own, "<name> (isolated)" (`--project 'sqlite*'` takes both). The suite alone on this 2-core
// machine: 88 s and 114 CPU seconds isolated, 68 s and 80 CPU seconds so. The domain's own caches are keyed by
// what they were computed from (refresh ids, fingerprints), so files on different databases cannot read each
// other's. The lists are made when Vitest starts (only then: `vite build` and `vite dev` read no test file), so a
// new test file waits for the next start of `vitest watch`.
const CHANGES_THE_PROCESS =
	/\bvi\.(mock|doMock|useFakeTimers|stubEnv|stubGlobal)\(|process\.env(\.\w+|\[[^\]]+\])\s*=(?!=)|delete process\.env/;
const TEST_FILES = (process.env.VITEST ? ['src', 'scripts'] : []).flatMap((dir) =>
	readdirSync(dir, { recursive: true, encoding: 'utf8' })
		.map((name) => `${dir}/${name}`)
		.filter((file) => file.endsWith('.test.ts') && (dir === 'src' || !file.slice(dir.length + 1).includes('/')))
);
const ISOLATED = new Set(TEST_FILES.filter((file) => CHANGES_THE_PROCESS.test(readFileSync(file, 'utf8'))));

/** Two projects for the test files `chosen` picks: those that share modules, and those that must not. */
function shared(
	name: string,
	chosen: (file: string) => boolean,
	options: NonNullable<TestProjectInlineConfiguration['test']> = {}
): TestProjectInlineConfiguration[] {
	const files = TEST_FILES.filter(chosen);
	return [
		{ extends: true, test: { ...options, name, include: files.filter((f) => !ISOLATED.has(f)), isolate: false } },
		{ extends: true, test: { ...options, name: `${name} (isolated)`, include: files.filter((f) => ISOLATED.has(f)) } }
	];
}

export default defineConfig({
	plugins: [
		// Vitest reads the messages `npm run i18n` compiled (the same options, in package.json) and never
		// rewrites them: `npm test` runs it beside svelte-check, which reads them.
		...(process.env.VITEST
			? []
			: [
					paraglideVitePlugin({
						project: './project.inlang',
						outdir: './src/lib/paraglide',
						// French first: a participant's phone language must not switch the club's language;
						// English is chosen explicitly and remembered in a cookie.
						strategy: ['cookie', 'baseLocale']
					})
				]),
		chunks.plugin,
		sveltekit()
	],
	server: { host: '127.0.0.1' },
	build: {
		rolldownOptions: {
			output: {
				// Each translated message is its own tiny module, and pages share them in many combinations: by
				// default that makes dozens of 130-byte chunks, one round trip each on a phone network (/me loaded
				// 34 JavaScript files). Groups above (scripts/vite/page-chunks.ts); measured with bench/page-weight.ts
				// and bench/slow-network.ts.
				codeSplitting: {
					groups: [
						// What every page loads anyway (Svelte, SvelteKit's client, Paraglide's runtime, Vite's preload helper): one file.
						{
							name: 'framework',
							test: /node_modules[\\/](svelte|@sveltejs[\\/]kit|esm-env|devalue|clsx)[\\/]|paraglide[\\/]runtime|preload-helper/,
							priority: 2
						},
						{ name: chunks.messages('messages-common'), priority: 1.5 },
						{ name: chunks.messages('messages-me'), priority: 1.5 },
						{ name: chunks.lib('messages-common', 'common-lib'), priority: 1.45 },
						{ name: chunks.lib('messages-me', 'me-lib'), priority: 1.4 },
						{
							name: chunks.messages('messages-participant'),
							priority: 1.5,
							entriesAware: true,
							entriesAwareMergeThreshold: 16 * 1024
						},
						{ name: chunks.messages('messages-room'), priority: 1.5 },
						{
							name: 'messages',
							test: /src[\\/]lib[\\/]paraglide[\\/]messages/,
							priority: 1,
							entriesAware: true,
							entriesAwareMergeThreshold: 64 * 1024
						}
					]
				}
			}
		}
	},
	test: {
		// Vitest's default is one worker per core but one (a single worker here, on 2 cores); half of a
		// data-layer test's time is PostgreSQL's or the disk's, so two workers on two cores keep both busy.
		maxWorkers: Math.max(2, availableParallelism() - 1),
		// Pure logic once; data-layer tests (*.db.test.ts) once per database engine, but *.pg.db.test.ts
		// (what only PostgreSQL has, e.g. LISTEN/NOTIFY) on PostgreSQL only. Their set-up seeds a club
		// (argon2 hashes for every account): generous hook time on a busy 2-core machine.
		projects: [
			...shared('unit', (file) => !file.endsWith('.db.test.ts')),
			...shared('sqlite', (file) => file.endsWith('.db.test.ts') && !file.endsWith('.pg.db.test.ts'), {
				globalSetup: ['src/lib/server/db/test-templates.ts'],
				env: { TEST_DB: 'sqlite' },
				testTimeout: 20_000,
				hookTimeout: 60_000
			}),
			...shared('postgres', (file) => file.endsWith('.db.test.ts'), {
				globalSetup: ['src/lib/server/db/test-templates.ts'],
				env: { TEST_DB: 'postgres' },
				testTimeout: 20_000,
				hookTimeout: 60_000
			})
		]
	},
	preview: { host: '127.0.0.1' }
});
