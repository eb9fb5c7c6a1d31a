import { RoomServiceClient, WebhookReceiver } from 'livekit-server-sdk';

/** How the app reaches its LiveKit server; null when video is off (no server configured). */
export interface LivekitConfig {
	/** ws:// or wss:// URL browsers connect to. */
	url: string;
	/** http(s) URL of the same server, for the RoomService API. */
	apiUrl: string;
	apiKey: string;
	apiSecret: string;
	/** Dev/test: browsers get no ICE servers, so no packet leaves loopback. */
	loopbackOnly: boolean;
}

export function livekitConfig(env: NodeJS.ProcessEnv = process.env): LivekitConfig | null {
	const url = env.LIVEKIT_URL;
	const apiKey = env.LIVEKIT_API_KEY;
	const apiSecret = env.LIVEKIT_API_SECRET;
	if (!url || !apiKey || !apiSecret) return null;
	const apiUrl = url.replace(/^ws(s?):\/\//, 'http$1://');
	return {
		url,
		apiUrl,
		apiKey,
		apiSecret,
		loopbackOnly: /^wss?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:|\/|$)/.test(url)
	};
}

let cached: { config: LivekitConfig; rooms: RoomServiceClient; webhooks: WebhookReceiver } | null | undefined;

/** The app's LiveKit clients, built once from the environment; null when video is off. */
export function livekit() {
	if (cached === undefined) {
		const config = livekitConfig();
		cached = config
			? {
					config,
					rooms: new RoomServiceClient(config.apiUrl, config.apiKey, config.apiSecret),
					webhooks: new WebhookReceiver(config.apiKey, config.apiSecret)
				}
			: null;
	}
	return cached;
}
