import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Every request the server sends on its own (web pushes today) goes through here (standing rule 12):
 * https only, to public addresses checked after DNS resolution on the very socket that connects
 * (no second lookup that a rebinding DNS could answer differently), no redirects followed, short
 * timeouts. A push endpoint is chosen by a participant's browser: without this, anyone could make
 * the server call its own internal services (issue 16).
 */

/** Why an address was refused (developer context; users get a translated message). */
export class OutboundRefused extends Error {}

/**
 * True for an address anyone on the internet could reach: not loopback, private, link-local,
 * carrier-grade NAT, multicast, broadcast, unspecified, documentation, benchmarking or otherwise
 * reserved (IANA's special-purpose registries, as ipaddr.js classifies them). IPv4 addresses written
 * inside IPv6 (`::ffff:127.0.0.1`) are judged as the IPv4 address they carry; the other IPv6 forms
 * that embed an IPv4 address (NAT64, 6to4, Teredo) are refused outright.
 */
export function isPublicAddress(address: string): boolean {
	const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
	// Only the canonical forms: ipaddr.js also reads '0x7f.1' or '127.1', which DNS never returns.
	if (isIP(bare) === 0) return false;
	let parsed: ipaddr.IPv4 | ipaddr.IPv6;
	try {
		// IPv6 in the URL standard's canonical form first: ipaddr.js reads '::8.8.8.8' as if it were '::ffff:8.8.8.8'.
		parsed = ipaddr.parse(isIP(bare) === 6 ? new URL(`http://[${bare}]/`).hostname.slice(1, -1) : bare);
	} catch {
		return false;
	}
	if (parsed.kind() === 'ipv6') {
		const v6 = parsed as ipaddr.IPv6;
		if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().range() === 'unicast';
		// The deprecated "IPv4-compatible" ::a.b.c.d: nothing public lives in ::/96.
		if (v6.parts.slice(0, 6).every((part) => part === 0)) return false;
	}
	return parsed.range() === 'unicast';
}

/** A test stand-in on loopback may be let through; nothing in the app passes this (see deliverPendingPushes). */
export interface OutboundOptions {
	allowLoopbackForTests?: boolean;
}

const isLoopback = (address: string) => {
	const bare = address.replace(/^\[|\]$/g, '');
	if (isIP(bare) === 0) return false;
	const parsed = ipaddr.process(bare);
	return parsed.range() === 'loopback';
};

const allowed = (address: string, options: OutboundOptions) =>
	isPublicAddress(address) || (options.allowLoopbackForTests === true && isLoopback(address));

/**
 * What can be said of a URL without the network: https (http only for a loopback test stand-in),
 * no user name or password, and a host that is not a non-public address written out nor a name
 * that only ever means this machine.
 */
export function checkOutboundUrl(raw: string, options: OutboundOptions = {}): URL {
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		throw new OutboundRefused(`not a URL: ${raw.slice(0, 100)}`);
	}
	const host = url.hostname.replace(/^\[|\]$/g, '');
	const loopbackTest = options.allowLoopbackForTests === true && isLoopback(host);
	if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopbackTest))
		throw new OutboundRefused(`not https: ${url.protocol}`);
	if (url.username || url.password) throw new OutboundRefused('credentials in the URL');
	if (isIP(host) !== 0) {
		if (!allowed(host, options)) throw new OutboundRefused(`not a public address: ${host}`);
	} else if (host === 'localhost' || host.endsWith('.localhost') || !host.includes('.')) {
		throw new OutboundRefused(`not a public name: ${host}`);
	}
	return url;
}

const lookupAll = (host: string) =>
	new Promise<LookupAddress[]>((resolve, reject) =>
		dnsLookup(host, { all: true, verbatim: true }, (err, addresses) => (err ? reject(err) : resolve(addresses)))
	);

/**
 * Resolves the name and refuses it when any of its addresses is not public (one private address is
 * enough to reach inside). Used before a request connects, on the socket itself.
 */
function guardedLookup(options: OutboundOptions): LookupFunction {
	return (hostname, lookupOptions, callback) => {
		lookupAll(hostname).then(
			(addresses) => {
				const refused = addresses.find((a) => !allowed(a.address, options));
				if (addresses.length === 0 || refused) {
					callback(new OutboundRefused(`${hostname} resolves to ${refused?.address ?? 'nothing'}`), '', 4);
					return;
				}
				if (lookupOptions.all) callback(null, addresses);
				else callback(null, addresses[0].address, addresses[0].family);
			},
			(err: NodeJS.ErrnoException) => callback(err, '', 4)
		);
	};
}

/**
 * Checks a URL a person gives us to call later (a push endpoint) as far as can be known now: the
 * URL itself, and its name's addresses when the name resolves. A name that does not resolve now is
 * not refused here (a push service's name may fail to resolve for a moment); every request checks
 * again on the socket it connects with, so nothing non-public is ever called.
 */
export async function checkOutboundTarget(
	raw: string,
	{ timeoutMs = 3_000, ...options }: OutboundOptions & { timeoutMs?: number } = {}
): Promise<void> {
	const url = checkOutboundUrl(raw, options);
	const host = url.hostname.replace(/^\[|\]$/g, '');
	if (isIP(host) !== 0) return;
	let timer: NodeJS.Timeout | undefined;
	const addresses = await Promise.race([
		lookupAll(host).catch(() => [] as LookupAddress[]),
		new Promise<LookupAddress[]>((resolve) => {
			timer = setTimeout(() => resolve([]), timeoutMs);
		})
	]).finally(() => clearTimeout(timer));
	const refused = addresses.find((a) => !allowed(a.address, options));
	if (refused) throw new OutboundRefused(`${host} resolves to ${refused.address}`);
}

export interface OutboundResponse {
	status: number;
}

/**
 * POSTs a body to a URL under the rules above. Answers the status; a redirect is not followed (its
 * 3xx status is the answer). Rejects with OutboundRefused for a refused address, or with the
 * network error; never waits longer than `timeoutMs` in all.
 */
export function postOutbound(
	raw: string,
	headers: Record<string, string>,
	body: Uint8Array,
	{ timeoutMs = 10_000, ...options }: OutboundOptions & { timeoutMs?: number } = {}
): Promise<OutboundResponse> {
	let url: URL;
	try {
		url = checkOutboundUrl(raw, options);
	} catch (e) {
		return Promise.reject(e);
	}
	const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
	return new Promise<OutboundResponse>((resolve, reject) => {
		const req = send(url, {
			method: 'POST',
			headers: { ...headers, 'content-length': String(body.byteLength) },
			// One connection per request: a pooled socket would skip the address check of a later lookup.
			agent: false,
			lookup: guardedLookup(options),
			signal: AbortSignal.timeout(timeoutMs),
			timeout: timeoutMs
		});
		req.on('timeout', () => req.destroy(new Error(`no answer from ${url.host} in ${timeoutMs} ms`)));
		req.on('error', reject);
		req.on('response', (res) => {
			// The answer's body is not needed; read at most a little of it so the socket can close.
			let seen = 0;
			res.on('data', (chunk: Buffer) => {
				seen += chunk.length;
				if (seen > 64 * 1024) res.destroy();
			});
			res.on('error', () => {});
			res.on('close', () => resolve({ status: res.statusCode ?? 0 }));
		});
		req.end(body);
	});
}
