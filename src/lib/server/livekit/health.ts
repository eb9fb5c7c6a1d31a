import { livekit, liveNodeUrl } from './config.ts';

/**
 * Whether the video service can be used now: configured, and one of its nodes answers. A live moment
 * never leads to a "Rejoindre" that cannot work: when this is false the pages show the facilitator's
 * fallback instead. (liveNodeUrl trusts a good answer for 5 s; a failure is checked again next time.)
 */
export async function videoReachable(): Promise<boolean> {
	const lk = livekit();
	return lk !== null && (await liveNodeUrl(lk.config)) !== null;
}
