/**
 * Security headers on every answer (issue 16, item 8). The Content-Security-Policy itself comes from
 * SvelteKit (`kit.csp` in svelte.config.js: a nonce on each of its own scripts, no 'unsafe-inline' for
 * scripts); here it only learns where the LiveKit server is, which is known at run time, not at build.
 */
export interface SecurityContext {
	/** The page was asked for over https (ORIGIN, or the proxy's protocol header, says so). */
	https: boolean;
	/** The ws:// or wss:// URL browsers connect to for live rooms; null when video is off. */
	/** Every LiveKit node browsers may be sent to (connect-src). */
	livekitUrls: string[];
}

/** Who may use the camera, the microphone and the like: our own pages only; nobody for the rest. */
export const PERMISSIONS_POLICY = [
	'camera=(self)',
	'microphone=(self)',
	'display-capture=(self)',
	'fullscreen=(self)',
	'geolocation=()',
	'payment=()',
	'usb=()',
	'serial=()',
	'hid=()',
	'midi=()'
].join(', ');

/** The origins a browser needs to reach the LiveKit server: its WebSocket and its http(s) twin. */
export function livekitOrigins(url: string | null): string[] {
	if (!url) return [];
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return [];
	}
	if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') return [];
	const http = parsed.protocol === 'wss:' ? 'https:' : 'http:';
	return [`${parsed.protocol}//${parsed.host}`, `${http}//${parsed.host}`];
}

/** Adds the headers to an answer's headers (those already set by a route, e.g. for served files, stay). */
export function addSecurityHeaders(headers: Headers, context: SecurityContext): void {
	const csp = headers.get('content-security-policy');
	if (csp && /(^|;)\s*connect-src /.test(csp)) {
		const extra = context.livekitUrls.flatMap(livekitOrigins);
		if (extra.length)
			headers.set(
				'content-security-policy',
				csp.replace(/(^|;)(\s*)connect-src ([^;]*)/, (_, start, space, sources) =>
					`${start}${space}connect-src ${sources} ${extra.join(' ')}`.trimEnd()
				)
			);
	}
	const defaults: [string, string][] = [
		['x-content-type-options', 'nosniff'],
		// Older browsers that do not read frame-ancestors.
		['x-frame-options', 'DENY'],
		// Invite and calendar links carry secrets in their path: never send our addresses elsewhere.
		['referrer-policy', 'same-origin'],
		['permissions-policy', PERMISSIONS_POLICY],
		['cross-origin-opener-policy', 'same-origin']
	];
	if (context.https) defaults.push(['strict-transport-security', 'max-age=31536000']);
	for (const [name, value] of defaults) if (!headers.has(name)) headers.set(name, value);
}
