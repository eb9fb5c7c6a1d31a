import adapter from '@sveltejs/adapter-node';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	compilerOptions: {
		// Runes everywhere in our code; libraries decide for themselves.
		runes: ({ filename }) => (filename.split(/[/\\]/).includes('node_modules') ? undefined : true)
	},
	kit: {
		adapter: adapter(),
		// Vitest (VITEST=true) generates its own copy of the generated types and manifest: `npm test` runs it
		// beside svelte-check, ESLint and the build, which read and write .svelte-kit; never the same files.
		outDir: process.env.VITEST ? '.svelte-kit-vitest' : '.svelte-kit',
		// A page's own styles (a few KB) come inside its HTML: no extra round trip on a phone network.
		inlineStyleThreshold: 8 * 1024,
		// Every form posts to its own origin; SvelteKit's CSRF origin check stays on.
		csrf: { trustedOrigins: [] },
		// The Content-Security-Policy (issue 16, item 8): SvelteKit puts a nonce on each of its own scripts
		// (hashes on prerendered pages); no inline script runs without one. Styles keep 'unsafe-inline' for
		// Svelte's style attributes and transitions. hooks.server.ts adds the LiveKit server to connect-src
		// (known at run time only) and the other security headers.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'media-src': ['self', 'blob:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'worker-src': ['self'],
				'manifest-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
