import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [
		paraglideVitePlugin({
			project: './project.inlang',
			outdir: './src/lib/paraglide',
			// French first: a participant's phone language must not switch the club's language;
			// English is chosen explicitly and remembered in a cookie.
			strategy: ['cookie', 'baseLocale']
		}),
		sveltekit()
	],
	server: { host: '127.0.0.1' },
	test: {
		// Pure logic once; data-layer tests (*.db.test.ts) once per database engine. Their set-up seeds a
		// club (argon2 hashes for every account): generous hook time on a busy 2-core machine.
		projects: [
			{
				extends: true,
				test: { name: 'unit', include: ['src/**/*.test.ts', 'scripts/*.test.ts'], exclude: ['src/**/*.db.test.ts'] }
			},
			{
				extends: true,
				test: {
					name: 'sqlite',
					include: ['src/**/*.db.test.ts'],
					env: { TEST_DB: 'sqlite' },
					testTimeout: 20_000,
					hookTimeout: 60_000
				}
			},
			{
				extends: true,
				test: {
					name: 'postgres',
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
