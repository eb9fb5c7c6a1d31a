import adapter from '@sveltejs/adapter-node';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	compilerOptions: {
		// Runes everywhere in our code; libraries decide for themselves.
		runes: ({ filename }) => (filename.split(/[/\\]/).includes('node_modules') ? undefined : true)
	},
	kit: {
		adapter: adapter(),
		// A page's own styles (a few KB) come inside its HTML: no extra round trip on a phone network.
		inlineStyleThreshold: 8 * 1024,
		// Every form posts to its own origin; SvelteKit's CSRF origin check stays on.
		csrf: { trustedOrigins: [] }
	}
};

export default config;
