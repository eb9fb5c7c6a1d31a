import adapter from '@sveltejs/adapter-node';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	compilerOptions: {
		// Runes everywhere in our code; libraries decide for themselves.
		runes: ({ filename }) => (filename.split(/[/\\]/).includes('node_modules') ? undefined : true)
	},
	kit: {
		adapter: adapter(),
		// Every form posts to its own origin; SvelteKit's CSRF origin check stays on.
		csrf: { trustedOrigins: [] },
		// Content-Security-Policy on every page (issue 16): SvelteKit puts a nonce on its own inline scripts
		// (a hash on prerendered pages), so no inline script runs without it. Styles allow 'unsafe-inline':
		// Svelte writes style attributes and transitions insert <style>. The LiveKit server's origins are
		// added to connect-src at run time (src/lib/server/http/security-headers.ts).
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
