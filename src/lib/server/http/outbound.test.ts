// Standing rule 12 and issue 16 (items 1 and 5): the server calls only public https addresses, checked
// after DNS resolution on the connecting socket, follows no redirect, and gives up quickly.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// What the resolver answers for a name is the test's to decide: a public-looking name that resolves to
// an inside address is exactly what a hostile push endpoint would use.
const answers = new Map<string, { address: string; family: number }[]>();
vi.mock('node:dns', async (original) => {
	const dns = await original<typeof import('node:dns')>();
	const lookup = (
		host: string,
		options: object,
		callback: (err: Error | null, addresses?: { address: string; family: number }[]) => void
	) => {
		const known = answers.get(host);
		if (known) callback(null, known);
		else dns.lookup(host, options as { all: true }, callback as never);
	};
	return { ...dns, default: { ...dns, lookup }, lookup };
});

const { checkOutboundTarget, checkOutboundUrl, isPublicAddress, OutboundRefused, postOutbound } =
	await import('./outbound.ts');

describe('isPublicAddress', () => {
	it.each([
		'8.8.8.8',
		'1.1.1.1',
		'142.250.74.110',
		'2606:4700:4700::1111',
		'2a00:1450:4007:80c::200a',
		'::ffff:8.8.8.8'
	])('lets %s through', (address) => expect(isPublicAddress(address)).toBe(true));

	it.each([
		// IPv4: loopback, private, link-local (cloud metadata), CGNAT, multicast, broadcast, unspecified, reserved
		'127.0.0.1',
		'127.255.255.254',
		'10.0.0.1',
		'172.16.5.4',
		'172.31.255.255',
		'192.168.1.1',
		'169.254.169.254',
		'100.64.0.1',
		'224.0.0.1',
		'239.255.255.250',
		'255.255.255.255',
		'0.0.0.0',
		'0.1.2.3',
		'240.0.0.1',
		'192.0.0.8',
		'192.0.2.1',
		'198.18.0.1',
		'198.51.100.7',
		'203.0.113.9',
		// IPv6: loopback, unspecified, link-local, unique local, multicast, site-local, documentation, discard
		'::1',
		'::',
		'fe80::1',
		'fc00::1',
		'fd12:3456::1',
		'ff02::1',
		'fec0::1',
		'2001:db8::1',
		'100::1',
		// IPv4 written inside IPv6: mapped, the old "compatible" form, NAT64, 6to4, Teredo
		'::ffff:127.0.0.1',
		'::ffff:7f00:1',
		'::ffff:10.0.0.1',
		'::ffff:169.254.169.254',
		'::127.0.0.1',
		'::8.8.8.8',
		'64:ff9b::7f00:1',
		'2002:7f00:1::1',
		'2001::1',
		// Not the canonical forms DNS returns; never let a loose parser read them as something else
		'127.1',
		'0x7f.0.0.1',
		'2130706433',
		'017700000001',
		'localhost',
		'',
		'[::1]'
	])('refuses %s', (address) => expect(isPublicAddress(address)).toBe(false));
});

describe('checkOutboundUrl', () => {
	it('keeps https URLs to public hosts', () => {
		expect(checkOutboundUrl('https://fcm.googleapis.com/fcm/send/abc').host).toBe('fcm.googleapis.com');
		expect(checkOutboundUrl('https://[2606:4700::1]/x').hostname).toBe('[2606:4700::1]');
	});

	it.each([
		'http://fcm.googleapis.com/x',
		'ftp://example.com/x',
		'https://user:pw@example.com/x',
		'https://127.0.0.1/x',
		'https://2130706433/x',
		'https://0x7f000001/x',
		'https://127.1/x',
		'https://[::1]/x',
		'https://[::ffff:127.0.0.1]/x',
		'https://[::ffff:a9fe:a9fe]/x',
		'https://169.254.169.254/latest/meta-data',
		'https://10.0.0.1/x',
		'https://localhost/x',
		'https://push.localhost/x',
		'https://intranet/x',
		'not a url'
	])('refuses %s', (url) => expect(() => checkOutboundUrl(url)).toThrow(OutboundRefused));

	it('lets a loopback stand-in through only when the caller asks for it', () => {
		expect(() => checkOutboundUrl('http://127.0.0.1:9/x')).toThrow(OutboundRefused);
		expect(checkOutboundUrl('http://127.0.0.1:9/x', { allowLoopbackForTests: true }).port).toBe('9');
		// Still nothing private, even then.
		expect(() => checkOutboundUrl('http://10.0.0.1/x', { allowLoopbackForTests: true })).toThrow(OutboundRefused);
		expect(() => checkOutboundUrl('http://fcm.googleapis.com/x', { allowLoopbackForTests: true })).toThrow(
			OutboundRefused
		);
	});
});

describe('checkOutboundTarget', () => {
	it('refuses a name any of whose addresses is not public', async () => {
		answers.set('push.rebind.example', [
			{ address: '8.8.8.8', family: 4 },
			{ address: '::ffff:192.168.0.1', family: 6 }
		]);
		await expect(checkOutboundTarget('https://push.rebind.example/x')).rejects.toThrow(OutboundRefused);
		answers.set('push.public.example', [{ address: '142.250.74.110', family: 4 }]);
		await expect(checkOutboundTarget('https://push.public.example/x')).resolves.toBeUndefined();
	});
});

describe('postOutbound', () => {
	let server: Server;
	let port = 0;
	const seen: string[] = [];
	beforeAll(async () => {
		server = createServer((req, res) => {
			seen.push(req.url ?? '');
			req.resume();
			if (req.url === '/redirect') {
				res.writeHead(302, { location: `http://127.0.0.1:${port}/elsewhere` }).end();
			} else if (req.url === '/silent') {
				// Never answers.
			} else {
				res.writeHead(201).end();
			}
		});
		await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
		const address = server.address();
		port = typeof address === 'object' && address ? address.port : 0;
	});
	afterAll(async () => {
		server.closeAllConnections();
		await new Promise((done) => server.close(done));
	});

	const body = new Uint8Array([1, 2, 3]);
	const allow = { allowLoopbackForTests: true };

	it('never connects to a name that resolves to this machine, whatever the URL looks like', async () => {
		answers.set('push.evil.example', [{ address: '127.0.0.1', family: 4 }]);
		const before = seen.length;
		await expect(postOutbound(`https://push.evil.example:${port}/x`, {}, body)).rejects.toThrow(OutboundRefused);
		await expect(postOutbound(`http://127.0.0.1:${port}/x`, {}, body)).rejects.toThrow(OutboundRefused);
		expect(seen.length).toBe(before);
	});

	it('reaches a loopback stand-in only when the caller allows it', async () => {
		await expect(postOutbound(`http://127.0.0.1:${port}/ok`, {}, body, allow)).resolves.toEqual({ status: 201 });
		expect(seen).toContain('/ok');
	});

	it('does not follow a redirect', async () => {
		const before = seen.length;
		await expect(postOutbound(`http://127.0.0.1:${port}/redirect`, {}, body, allow)).resolves.toEqual({
			status: 302
		});
		expect(seen.slice(before)).toEqual(['/redirect']);
	});

	it('gives up on a service that does not answer', async () => {
		await expect(
			postOutbound(`http://127.0.0.1:${port}/silent`, {}, body, { ...allow, timeoutMs: 200 })
		).rejects.toThrow();
	});
});
