import { describe, expect, it } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import { SMALL_BODY_BYTES, limitBody } from './limits.ts';

/** A chunked request: a stream body and no Content-Length, as `Transfer-Encoding: chunked` arrives. */
function chunked(url: string, bytes: number, routeId: string, contentType?: string) {
	let sent = 0;
	const body = new ReadableStream<Uint8Array>({
		pull(controller) {
			if (sent >= bytes) return controller.close();
			const size = Math.min(64 * 1024, bytes - sent);
			sent += size;
			controller.enqueue(new Uint8Array(size).fill(97));
		}
	});
	const headers = contentType ? { 'content-type': contentType } : undefined;
	const request = new Request(url, { method: 'POST', body, headers, duplex: 'half' } as RequestInit);
	const event = { request, route: { id: routeId }, url: new URL(url) } as unknown as RequestEvent;
	return { event, read: () => sent };
}

describe('body limits on the bytes read', () => {
	it('refuses a chunked body over the limit on a route that takes no upload, reading no further', async () => {
		const { event, read } = chunked('http://x/login?/participant', 40 * 1024 * 1024, '/login');
		expect(event.request.headers.get('content-length')).toBeNull();
		expect(await limitBody(event)).toBe(false);
		expect(read()).toBeLessThan(SMALL_BODY_BYTES + 256 * 1024);
	});

	it('passes a small chunked body on, still readable', async () => {
		const { event } = chunked('http://x/login?/participant', 1000, '/login');
		expect(await limitBody(event)).toBe(true);
		expect((await event.request.text()).length).toBe(1000);
	});

	it('leaves multipart bodies of upload routes to their own, larger limit', async () => {
		const { event, read } = chunked(
			'http://x/me/assignments/a/upload',
			2 * 1024 * 1024,
			'/me/assignments/[assignmentId]/upload',
			'multipart/form-data; boundary=x'
		);
		expect(await limitBody(event)).toBe(true);
		expect(read()).toBeLessThan(2 * 1024 * 1024);
	});

	it('holds an upload route’s urlencoded body (a form sent without a file) to the small limit', async () => {
		const route = '/me/assignments/[assignmentId]/upload';
		const url = 'http://x/me/assignments/a/upload';
		const big = chunked(url, 40 * 1024 * 1024, route, 'application/x-www-form-urlencoded');
		expect(await limitBody(big.event)).toBe(false);
		expect(big.read()).toBeLessThan(SMALL_BODY_BYTES + 256 * 1024);
		const small = chunked(url, 1000, route, 'application/x-www-form-urlencoded');
		expect(await limitBody(small.event)).toBe(true);
		expect((await small.event.request.text()).length).toBe(1000);
	});

	it('leaves a request whose declared length is within the limit as it came, unread', async () => {
		const request = new Request('http://x/api/livekit/webhook', {
			method: 'POST',
			body: '{"event":"room_started"}',
			headers: { 'content-type': 'application/webhook+json', 'content-length': '24' }
		});
		const event = {
			request,
			route: { id: '/api/livekit/webhook' },
			url: new URL(request.url)
		} as unknown as RequestEvent;
		expect(await limitBody(event)).toBe(true);
		expect(event.request).toBe(request);
		expect(request.bodyUsed).toBe(false);
	});
});
