import { RoomServiceClient, WebhookReceiver } from 'livekit-server-sdk';

/** How the app reaches its LiveKit server; null when video is off (no server configured). */
export interface LivekitConfig {
	/** ws:// or wss:// URL browsers connect to: the first of `urls`. */
	url: string;
	/**
	 * Every node this instance may send browsers to, preferred first (LIVEKIT_URL holds one, or several
	 * separated by commas or spaces: the nodes of a multi-node LiveKit). When the first stops answering,
	 * tickets and API calls go to the next one that does.
	 */
	urls: string[];
	/** http(s) URL of the same server, for the RoomService API. */
	apiUrl: string;
	apiKey: string;
	apiSecret: string;
	/** Dev/test: browsers get no ICE servers, so no packet leaves loopback. */
	loopbackOnly: boolean;
}

export function livekitConfig(env: NodeJS.ProcessEnv = process.env): LivekitConfig | null {
	const urls = (env.LIVEKIT_URL ?? '').split(/[\s,]+/).filter(Boolean);
	const apiKey = env.LIVEKIT_API_KEY;
	const apiSecret = env.LIVEKIT_API_SECRET;
	if (urls.length === 0 || !apiKey || !apiSecret) return null;
	const url = urls[0];
	return {
		url,
		urls,
		apiUrl: apiUrlOf(url),
		apiKey,
		apiSecret,
		loopbackOnly: urls.every((u) => /^wss?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:|\/|$)/.test(u))
	};
}

/** The http(s) address of a node's API, from the ws(s) address browsers use. */
const apiUrlOf = (url: string) => url.replace(/^ws(s?):\/\//, 'http$1://');

const NODE_TRUSTED_MS = 5_000;
let liveNode: { url: string; until: number } | null = null;

/**
 * The node to use now: the first of `urls` whose API answers. A good answer is trusted for 5 s; after
 * that, or after a failed call, the nodes are asked again in order (a loopback refusal is immediate,
 * another host gets 1.5 s). Null when none answers.
 */
export function liveNodeUrl(config: LivekitConfig, now = Date.now()): Promise<string | null> {
	if (liveNode && now < liveNode.until && config.urls.includes(liveNode.url)) return Promise.resolve(liveNode.url);
	// One question at a time: the join tickets that arrive meanwhile (hundreds a second at 9:30) wait for its
	// answer instead of each asking every node again.
	const key = config.urls.join(' ');
	if (asking?.key !== key) {
		const answer = askNodes(config, now).finally(() => {
			if (asking?.answer === answer) asking = null;
		});
		asking = { key, answer };
	}
	return asking.answer;
}

let asking: { key: string; answer: Promise<string | null> } | null = null;

async function askNodes(config: LivekitConfig, now: number): Promise<string | null> {
	for (const url of config.urls) {
		try {
			await fetch(apiUrlOf(url), { signal: AbortSignal.timeout(1500) });
			liveNode = { url, until: now + NODE_TRUSTED_MS };
			return url;
		} catch {
			// not this one
		}
	}
	liveNode = null;
	return null;
}

/**
 * The RoomService of whichever node answers now. One client would pin every call to one node; with
 * several, a call that cannot connect makes the next one ask the nodes again.
 */
function failoverRooms(config: LivekitConfig): RoomServiceClient {
	const clients = new Map(
		config.urls.map((u) => [u, new RoomServiceClient(apiUrlOf(u), config.apiKey, config.apiSecret)])
	);
	if (config.urls.length === 1) return clients.get(config.url)!;
	return new Proxy(clients.get(config.url)!, {
		get(first, name) {
			const value = Reflect.get(first, name);
			if (typeof value !== 'function') return value;
			return async (...args: unknown[]) => {
				const client = clients.get((await liveNodeUrl(config)) ?? config.url)!;
				try {
					return await (Reflect.get(client, name) as (...a: unknown[]) => unknown).apply(client, args);
				} catch (e) {
					liveNode = null; // ask the nodes again next time
					throw e;
				}
			};
		}
	});
}

let cached: { config: LivekitConfig; rooms: RoomServiceClient; webhooks: WebhookReceiver } | null | undefined;

/** The app's LiveKit clients, built once from the environment; null when video is off. */
export function livekit() {
	if (cached === undefined) {
		const config = livekitConfig();
		cached = config
			? { config, rooms: failoverRooms(config), webhooks: new WebhookReceiver(config.apiKey, config.apiSecret) }
			: null;
	}
	return cached;
}
