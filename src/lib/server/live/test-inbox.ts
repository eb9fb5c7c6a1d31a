// What a live-bus subscriber receives, for the bus tests.
import type { FeedChange } from './bus.ts';

/** Collects what a subscription receives; `next()` waits for the next one (or fails after `ms`). */
export function inbox() {
	const received: FeedChange[] = [];
	let wake: (() => void) | undefined;
	return {
		received,
		listener: (change: FeedChange) => {
			received.push(change);
			wake?.();
		},
		async next(count: number, ms = 3000) {
			const deadline = Date.now() + ms;
			while (received.length < count) {
				if (Date.now() > deadline) throw new Error(`received ${received.length} of ${count} changes in ${ms} ms`);
				await new Promise<void>((resolve) => {
					wake = resolve;
					setTimeout(resolve, 50);
				});
			}
			return received;
		}
	};
}
export const quiet = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
