/**
 * Issue 16, item 8 — every answer carries the security headers (no framing, nosniff, referrer and
 * permissions policies). The Content-Security-Policy is not switched on yet (see svelte.config.js).
 */
import { expect, test } from '@playwright/test';

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
