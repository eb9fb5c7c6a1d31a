import type { Db } from '#lib/server/db/index.ts';
import { INSTANCE_ID, claimLease, releaseLease } from './lease.ts';

export interface JobLoop {
	/** The lease's name: one loop of this name runs at a time across all app instances. */
	name: string;
	everyMs: number;
	run: () => Promise<void>;
	/** Also run once at start (else the first run is one interval later). */
	runAtStart?: boolean;
	/** Defaults to this process's INSTANCE_ID (tests give two loops two holders). */
	holder?: string;
}

/**
 * The one way the app runs background work: every `everyMs`, the instance that holds the loop's lease runs
 * it, never two ticks at once on one instance. A lease lasts three intervals (at least a minute), renewed on
 * each tick; if its holder dies another instance takes over when it expires; stopping releases it.
 * Returns a stop function that waits for a tick under way to finish.
 */
export function startJobLoop(db: Db, loop: JobLoop): () => Promise<void> {
	const holder = loop.holder ?? INSTANCE_ID;
	const ttlMs = Math.max(3 * loop.everyMs, 60_000);
	let current: Promise<void> | null = null;
	let stopped = false;
	const tick = () => {
		if (current || stopped) return;
		current = (async () => {
			try {
				// Date.now(), not the domain clock: a lease is about which process is alive, and the test clock jumps.
				if (await claimLease(db, loop.name, holder, ttlMs, Date.now())) await loop.run();
			} catch (e) {
				console.error(`background job ${loop.name} failed`, e);
			} finally {
				current = null;
			}
		})();
	};
	const timer = setInterval(tick, loop.everyMs);
	timer.unref();
	if (loop.runAtStart) tick();
	return async () => {
		stopped = true;
		clearInterval(timer);
		await current;
		await releaseLease(db, loop.name, holder).catch(() => undefined);
	};
}
