import { availableParallelism } from 'node:os';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
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
			{
				extends: true,
				test: { name: 'unit', include: ['src/**/*.test.ts', 'scripts/*.test.ts'], exclude: ['src/**/*.db.test.ts'] }
			},
			{
				extends: true,
				test: {
					name: 'sqlite',
					globalSetup: ['src/lib/server/db/test-templates.ts'],
					include: ['src/**/*.db.test.ts'],
					exclude: ['src/**/*.pg.db.test.ts'],
					env: { TEST_DB: 'sqlite' },
					testTimeout: 20_000,
					hookTimeout: 60_000
				}
			},
			{
				extends: true,
				test: {
					name: 'postgres',
					globalSetup: ['src/lib/server/db/test-templates.ts'],
					include: ['src/**/*.db.test.ts'],
					env: { TEST_DB: 'postgres' },
					testTimeout: 20_000,
					hookTimeout: 60_000
				}
			}
		]
	},
	preview: { host: '127.0.0.1' }
});
