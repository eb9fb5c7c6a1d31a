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
		// kit.csp (issue 16, item 8) is NOT on yet: with it, the live room's video did not come through in
		// tests/live-room.spec.ts (it did without); see the issue note. The other headers are in hooks.server.ts.
	}
};

export default config;
