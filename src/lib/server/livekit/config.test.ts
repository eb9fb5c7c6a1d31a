// Several LiveKit nodes for one app instance (issue 17): LIVEKIT_URL may name them all, and the node handed
// to browsers and used for API calls is the first that answers. Real HTTP servers on loopback stand for the
// nodes (one listening, one closed port); what is under test is the choice, not LiveKit.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { livekitConfig, liveNodeUrl } from './config.ts';

let up: Server;
let upUrl: string;
let downUrl: string;

const listen = () =>
	new Promise<Server>((done) => {
		const server = createServer((_, res) => res.end('OK'));
		server.listen(0, '127.0.0.1', () => done(server));
	});
const wsUrl = (server: Server) => `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;

beforeAll(async () => {
	up = await listen();
	upUrl = wsUrl(up);
	const closed = await listen();
	downUrl = wsUrl(closed);
	await new Promise((done) => closed.close(done));
});
afterAll(() => new Promise((done) => up.close(done)));

const env = (urls: string) => ({ LIVEKIT_URL: urls, LIVEKIT_API_KEY: 'devkey', LIVEKIT_API_SECRET: 'x'.repeat(32) });

describe('LIVEKIT_URL with several nodes', () => {
	it('lists them in order; the first is the preferred one', () => {
		const config = livekitConfig(env(`${downUrl}, ${upUrl}`))!;
		expect(config.urls).toEqual([downUrl, upUrl]);
		expect(config.url).toBe(downUrl);
		expect(config.apiUrl).toBe(downUrl.replace('ws://', 'http://'));
		expect(config.loopbackOnly).toBe(true);
		expect(livekitConfig(env(`${upUrl} wss://video.example.org`))!.loopbackOnly).toBe(false);
		expect(livekitConfig(env(' , '))).toBeNull();
	});

	it('hands out the first node that answers, and none when none does', async () => {
		const t0 = 1_000_000;
		expect(await liveNodeUrl(livekitConfig(env(`${downUrl},${upUrl}`))!, t0)).toBe(upUrl);
		// The answer is trusted for a few seconds, then asked again: the preferred node is back first.
		const back = await listen();
		const backUrl = wsUrl(back);
		try {
			const config = livekitConfig(env(`${backUrl},${upUrl}`))!;
			expect(await liveNodeUrl(config, t0 + 1_000)).toBe(upUrl);
			expect(await liveNodeUrl(config, t0 + 60_000)).toBe(backUrl);
		} finally {
			await new Promise((done) => back.close(done));
		}
		expect(await liveNodeUrl(livekitConfig(env(downUrl))!, t0 + 120_000)).toBeNull();
	});

	it('asks the nodes once for the requests that arrive while it asks', async () => {
		let asked = 0;
		const counted = createServer((_, res) => (asked++, res.end('OK')));
		await new Promise<void>((done) => counted.listen(0, '127.0.0.1', done));
		try {
			const config = livekitConfig(env(wsUrl(counted)))!;
			const t0 = 5_000_000;
			const answers = await Promise.all(Array.from({ length: 20 }, () => liveNodeUrl(config, t0)));
			expect(new Set(answers)).toEqual(new Set([wsUrl(counted)]));
			expect(asked).toBe(1);
			// Trusted for a while, then asked again: once.
			await Promise.all(Array.from({ length: 5 }, () => liveNodeUrl(config, t0 + 1_000)));
			expect(asked).toBe(1);
			await Promise.all(Array.from({ length: 5 }, () => liveNodeUrl(config, t0 + 60_000)));
			expect(asked).toBe(2);
		} finally {
			await new Promise((done) => counted.close(done));
		}
	});
});
