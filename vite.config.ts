import { availableParallelism } from 'node:os';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

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
		sveltekit()
	],
	server: { host: '127.0.0.1' },
	build: {
		rolldownOptions: {
			output: {
				// Each translated message is its own tiny module, and pages share them in many combinations: by
				// default that makes dozens of 130-byte chunks, one round trip each on a phone network (/me loaded
				// 34 JavaScript files). Messages used by the same pages share a chunk; small leftovers join the
				// nearest one (issue 15, measured with bench/slow-network.ts).
				codeSplitting: {
					groups: [
						// What every page loads anyway (Svelte, SvelteKit's client, Paraglide's runtime, Vite's preload helper): one file.
						{
							name: 'framework',
							test: /node_modules[\\/](svelte|@sveltejs[\\/]kit|esm-env|devalue|clsx)[\\/]|paraglide[\\/]runtime|preload-helper/,
							priority: 2
						},
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
