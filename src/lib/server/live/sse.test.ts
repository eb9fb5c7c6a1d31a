import { describe, expect, it } from 'vitest';
import { MemoryBus, type FeedListener, type LiveBus } from './bus.ts';
import { feedChangeStream } from './sse.ts';

/** A MemoryBus that counts its live subscriptions. */
class CountingBus extends MemoryBus implements LiveBus {
	active = 0;
	override async subscribe(cohortId: string, listener: FeedListener) {
		const stop = await super.subscribe(cohortId, listener);
		this.active++;
		return () => {
			this.active--;
			stop();
		};
	}
}

const decoder = new TextDecoder();
async function read(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<string> {
	const { value, done } = await reader.read();
	return done ? '<end>' : decoder.decode(value);
}

describe('the feed change stream', () => {
	it('is an event stream that starts listening at once, and carries the cohort’s changes only', async () => {
		const bus = new CountingBus();
		const response = feedChangeStream(bus, 'cohort-a');
		expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
		expect(response.headers.get('cache-control')).toContain('no-cache');
		const reader = response.body!.getReader();
		// The first chunk says how long to wait before reconnecting: it also sends the headers.
		expect(await read(reader)).toBe('retry: 5000\n: listening\n\n');
		expect(bus.active).toBe(1);
		await bus.publish({ cohortId: 'cohort-b', postId: 'x', change: 'post' });
		await bus.publish({ cohortId: 'cohort-a', postId: 'p1', change: 'post' });
		expect(await read(reader)).toBe('event: change\ndata: {"cohortId":"cohort-a","postId":"p1","change":"post"}\n\n');
		await reader.cancel();
		expect(bus.active, 'the subscription ends with the stream').toBe(0);
	});

	it('sends a heartbeat comment while quiet', async () => {
		const bus = new CountingBus();
		const reader = feedChangeStream(bus, 'cohort-a', { heartbeatMs: 20 }).body!.getReader();
		await read(reader);
		expect(await read(reader)).toBe(': heartbeat\n\n');
		await reader.cancel();
		expect(bus.active).toBe(0);
	});

	it('ends and lets go when the request is aborted', async () => {
		const bus = new CountingBus();
		const abort = new AbortController();
		const reader = feedChangeStream(bus, 'cohort-a', { signal: abort.signal }).body!.getReader();
		await read(reader);
		abort.abort();
		expect(await read(reader)).toBe('<end>');
		expect(bus.active).toBe(0);
	});

	it('lets go of a subscription made after the request was already aborted', async () => {
		const bus = new CountingBus();
		const abort = new AbortController();
		abort.abort();
		const reader = feedChangeStream(bus, 'cohort-a', { signal: abort.signal }).body!.getReader();
		expect(await read(reader)).toBe('<end>');
		expect(bus.active).toBe(0);
	});
});
