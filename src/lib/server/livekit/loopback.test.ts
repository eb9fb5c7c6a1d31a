// Proves the loopback promise (scripts/livekit.mjs writes a config that stays on 127.0.0.1) against a real
// livekit-server started by scripts/livekit.mjs: every socket it owns is bound to 127.0.0.1, its
// API key and secret work (and a wrong secret does not), its webhooks reach the app's URL signed
// with that key, and it stops cleanly. No binary is a failure, not a skip: CI installs it.
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RoomServiceClient, WebhookReceiver, type WebhookEvent } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLivekitBinary, startLivekit } from '../../../../scripts/livekit.mjs';

const PORT = 17880;
const UDP_PORT = 17882;
const APP_PORT = 17899;

type Livekit = NonNullable<Awaited<ReturnType<typeof startLivekit>>>;

/** "0100007F:1EC8" (/proc/net/tcp) or the 32-hex-digit IPv6 form → "127.0.0.1:7880" / "[::1]:7880". */
function decodeAddress(hex: string): { ip: string; port: number } {
	const [addr, port] = hex.split(':');
	// The kernel prints each 32-bit word in host (little-endian) order.
	const bytes = (addr.match(/.{8}/g) ?? []).flatMap((word) =>
		(word.match(/../g) ?? []).reverse().map((b) => parseInt(b, 16))
	);
	let ip: string;
	if (bytes.length === 4) ip = bytes.join('.');
	else if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff)
		ip = bytes.slice(12).join('.'); // ::ffff:a.b.c.d
	else
		ip = Array.from({ length: 8 }, (_, i) => ((bytes[2 * i] << 8) | bytes[2 * i + 1]).toString(16))
			.join(':')
			.replace(/(^|:)0(:0)+(:|$)/, '::');
	return { ip, port: parseInt(port, 16) };
}

interface Socket {
	proto: string;
	ip: string;
	port: number;
	state: string;
}

/** Every TCP/UDP/raw socket held by the process, read from /proc (its own network namespace). */
function socketsOf(pid: number): { inet: Socket[]; other: Map<string, string> } {
	const inodes = new Set<string>();
	for (const fd of readdirSync(`/proc/${pid}/fd`)) {
		try {
			const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
			if (m) inodes.add(m[1]);
		} catch {
			// fd closed meanwhile
		}
	}
	const inet: Socket[] = [];
	const seen = new Set<string>();
	for (const proto of ['tcp', 'tcp6', 'udp', 'udp6', 'udplite', 'udplite6', 'raw', 'raw6']) {
		let table: string;
		try {
			table = readFileSync(`/proc/${pid}/net/${proto}`, 'utf8');
		} catch {
			continue;
		}
		for (const line of table.trim().split('\n').slice(1)) {
			const cols = line.trim().split(/\s+/);
			if (!inodes.has(cols[9])) continue;
			seen.add(cols[9]);
			inet.push({ proto, ...decodeAddress(cols[1]), state: cols[3] });
		}
	}
	// Whatever else it holds must be local-only kinds (unix, netlink).
	const other = new Map<string, string>();
	const local = new Set<string>();
	for (const table of ['unix', 'netlink']) {
		const text = readFileSync(`/proc/${pid}/net/${table}`, 'utf8');
		for (const line of text.trim().split('\n').slice(1)) {
			const cols = line.trim().split(/\s+/);
			const inode = table === 'unix' ? cols[6] : cols[9];
			if (inodes.has(inode)) local.add(inode);
		}
	}
	for (const inode of inodes) if (!seen.has(inode) && !local.has(inode)) other.set(inode, 'unknown');
	return { inet, other };
}

describe('local LiveKit server', () => {
	let dataDir: string;
	let livekit: Livekit | null = null;
	let app: Server | undefined;
	const webhooks: { body: string; auth: string | undefined; url: string | undefined }[] = [];

	beforeAll(async () => {
		const binary = findLivekitBinary();
		if (!binary) {
			throw new Error(
				'livekit-server not found (PATH, .livekit/bin/). Install it with `node scripts/livekit.mjs install` (CI does); this test does not skip.'
			);
		}
		dataDir = mkdtempSync(join(tmpdir(), 'tablee-livekit-'));
		// Stands in for the app's /api/livekit/webhook.
		const server = createServer((req, res) => {
			let body = '';
			req.on('data', (chunk) => (body += chunk));
			req.on('end', () => {
				webhooks.push({ body, auth: req.headers.authorization, url: req.url });
				res.end('ok');
			});
		});
		app = server;
		await new Promise<void>((done) => server.listen(APP_PORT, '127.0.0.1', done));
		livekit = await startLivekit({ dataDir, appPort: APP_PORT, port: PORT, udpPort: UDP_PORT });
	}, 25_000);

	afterAll(async () => {
		await livekit?.stop();
		const server = app;
		if (server) await new Promise((done) => server.close(done));
		if (dataDir) rmSync(dataDir, { recursive: true, force: true });
	});

	it('binds every socket it owns to 127.0.0.1 only', () => {
		expect(livekit).not.toBeNull();
		const pid = livekit!.process.pid!;
		const { inet, other } = socketsOf(pid);
		const described = inet.map((s) => `${s.proto} ${s.ip}:${s.port} (state ${s.state})`);

		expect(other.size, `sockets of unknown kind: ${[...other.keys()].join(', ')}`).toBe(0);
		// The signalling/API listener and the single ICE/UDP port are there…
		expect(described).toContain(`tcp 127.0.0.1:${PORT} (state 0A)`);
		expect(
			inet.some((s) => s.proto === 'udp' && s.ip === '127.0.0.1' && s.port === UDP_PORT),
			described.join('\n')
		).toBe(true);
		// …no ICE/TCP listener (tcp_port: 0), no TURN…
		expect(inet.filter((s) => s.state === '0A').map((s) => s.port)).toEqual([PORT]);
		// …and nothing on 0.0.0.0, ::, ::1 or another address.
		expect(inet.filter((s) => s.ip !== '127.0.0.1').map((s) => `${s.proto} ${s.ip}:${s.port}`)).toEqual([]);
	});

	it('accepts its API key and secret, and refuses a wrong secret', async () => {
		const http = livekit!.url.replace(/^ws/, 'http');
		const rooms = new RoomServiceClient(http, livekit!.apiKey, livekit!.apiSecret);
		const name = `loopback-${Date.now()}`;
		const created = await rooms.createRoom({ name, emptyTimeout: 30 });
		expect(created.name).toBe(name);
		expect((await rooms.listRooms()).map((r) => r.name)).toContain(name);
		expect((await rooms.listRooms([name])).length).toBe(1);

		const impostor = new RoomServiceClient(http, livekit!.apiKey, 'x'.repeat(48));
		await expect(impostor.listRooms()).rejects.toThrow();

		// room_started is posted to the app's webhook URL, signed with the same key.
		const receiver = new WebhookReceiver(livekit!.apiKey, livekit!.apiSecret);
		const deadline = Date.now() + 5000;
		let event: WebhookEvent | undefined;
		while (!event && Date.now() < deadline) {
			for (const hook of webhooks) {
				expect(hook.url).toBe('/api/livekit/webhook');
				const e = await receiver.receive(hook.body, hook.auth);
				if (e.event === 'room_started' && e.room?.name === name) event = e;
			}
			if (!event) await new Promise((r) => setTimeout(r, 100));
		}
		expect(event, 'no signed room_started webhook reached 127.0.0.1:' + APP_PORT).toBeDefined();

		await rooms.deleteRoom(name);
	});

	it('stops cleanly', async () => {
		const child = livekit!.process;
		const started = Date.now();
		await livekit!.stop();
		expect(Date.now() - started).toBeLessThan(5000);
		expect(child.exitCode !== null || child.signalCode !== null).toBe(true);
		expect(child.signalCode, 'it had to be killed').not.toBe('SIGKILL');
		await expect(fetch(`http://127.0.0.1:${PORT}/`, { signal: AbortSignal.timeout(1000) })).rejects.toThrow();
		livekit = null;
	}, 10_000);
});
