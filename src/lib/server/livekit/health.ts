import { livekit } from './config.ts';
import { clock } from '#lib/server/clock.ts';

let upUntil = 0;

/**
 * Whether the video service can be used now: configured, and its server answers. A live moment
 * never leads to a "Rejoindre" that cannot work: when this is false the pages show the facilitator's
 * fallback instead. A good answer is trusted for 5 s; a failure is checked again on the next request.
 */
export async function videoReachable(now = clock.now()): Promise<boolean> {
	const lk = livekit();
	if (!lk) return false;
	if (now < upUntil) return true;
	try {
		await fetch(lk.config.apiUrl, { signal: AbortSignal.timeout(1500) });
		upUntil = now + 5_000;
		return true;
	} catch {
		return false;
	}
}
