/**
 * Issue 16, item 8 — every answer carries the security headers (no framing, nosniff, referrer and
 * permissions policies) and a Content-Security-Policy: SvelteKit's nonces on its own scripts, no
 * 'unsafe-inline' for scripts, the LiveKit server in connect-src. live-room.spec.ts checks that a room
 * with video both ways meets no CSP refusal.
 */
import { expect, test } from '@playwright/test';
import { E2E_LIVEKIT_PORT } from '../scripts/e2e-env.mjs';

/** The policy's directives, by name. */
const directives = (csp: string) =>
	Object.fromEntries(
		csp
			.split(';')
			.map((d) => d.trim().split(/\s+/))
			.filter((d) => d[0])
			.map(([name, ...sources]) => [name, sources])
	);

test('pages carry a Content-Security-Policy with nonces, and an injected inline script does not run', async ({
	page
}) => {
	const res = await page.goto('/login');
	const csp = directives(res!.headers()['content-security-policy'] ?? '');
	expect(csp['script-src']).toContain("'self'");
	expect(csp['script-src'].some((s: string) => /^'nonce-[A-Za-z0-9+/=_-]{16,}'$/.test(s))).toBe(true);
	expect(csp['script-src']).not.toContain("'unsafe-inline'");
	expect(csp['script-src']).not.toContain("'unsafe-eval'");
	expect(csp['frame-ancestors']).toEqual(["'none'"]);
	expect(csp['object-src']).toEqual(["'none'"]);
	expect(csp['connect-src']).toContain(`ws://127.0.0.1:${E2E_LIVEKIT_PORT}`);
	// The page's own scripts run (their nonce matches): it hydrates.
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	// A script slipped into the page without the nonce is refused.
	const outcome = await page.evaluate(
		() =>
			new Promise<{ ran: boolean; refused: string }>((resolve) => {
				document.addEventListener('securitypolicyviolation', (e) =>
					resolve({
						ran: Boolean((window as unknown as { __injected?: boolean }).__injected),
						refused: e.violatedDirective
					})
				);
				const script = document.createElement('script');
				script.textContent = 'window.__injected = true';
				document.body.append(script);
			})
	);
	expect(outcome).toEqual({ ran: false, refused: 'script-src-elem' });
});

test('pages carry no-framing, nosniff, the referrer and permissions policies', async ({ request }) => {
	const res = await request.get('/login');
	expect(res.status()).toBe(200);
	const headers = res.headers();
	expect(headers['x-content-type-options']).toBe('nosniff');
	expect(headers['x-frame-options']).toBe('DENY');
	expect(headers['referrer-policy']).toBe('same-origin');
	expect(headers['permissions-policy']).toContain('camera=(self), microphone=(self)');
	// Served over http here: HSTS only when ORIGIN is https (unit-tested in security-headers.test.ts).
	expect(headers['strict-transport-security']).toBeUndefined();
});
