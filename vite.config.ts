import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

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
	preview: { host: '127.0.0.1' }
});
