/**
 * Issue 16, item 8 — every page carries a Content-Security-Policy (a nonce on SvelteKit's scripts, no
 * 'unsafe-inline' for scripts, no framing) and the other security headers; the live room (livekit-client,
 * the service worker, Svelte's inline styles) still works under it, with no violation reported.
 */
import { expect, test, type Page } from '@playwright/test';
import { buildLiveClub, closeClub, enterRoom } from './live-helpers';

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

/** Every CSP violation the page reports, from the DOM event and from the console. */
async function watchViolations(page: Page) {
	const seen: string[] = [];
	page.on('console', (msg) => {
		if (/Content Security Policy/i.test(msg.text())) seen.push(msg.text());
	});
	await page.addInitScript(() => {
		document.addEventListener('securitypolicyviolation', (e) =>
			console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`)
		);
	});
	return seen;
}

test('the live room loads, connects to LiveKit and shows video under the CSP, with no violation', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const club = await buildLiveClub(browser, 1, { phones: true });
	try {
		const [participant] = club.participants;
		const violations = [await watchViolations(club.facilitator.page), await watchViolations(participant.page)];
		await enterRoom(club.facilitator.page, club.activityId);
		await participant.page.goto('/me');
		await enterRoom(participant.page, club.activityId);
		expect(violations.flat(), 'no CSP violation on joining').toEqual([]);
		// Video goes both ways: livekit-client's signalling and media were allowed.
		await expect(club.facilitator.page.locator(`[data-identity="${participant.id}"] video`)).toHaveCount(1, {
			timeout: 40_000
		});
		// The service worker registered (its script and SvelteKit's inline registration ran).
		await expect
			.poll(() => participant.page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length))
			.toBeGreaterThan(0);
		expect(violations.flat()).toEqual([]);
	} finally {
		await closeClub(club);
	}
});
