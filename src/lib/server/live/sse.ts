import type { FeedChange, LiveBus, RoomSignal } from './bus.ts';

/** A comment line every 20 s keeps proxies and phone networks from closing a quiet stream. */
export const HEARTBEAT_MS = 20_000;
/** How long a browser waits before it opens a dropped stream again. */
const RETRY_MS = 5_000;

const encoder = new TextEncoder();

/**
 * A server-sent event stream of one cohort's feed changes (`event: change`, data = FeedChange JSON).
 * The caller has checked that the reader is a member of the cohort. The subscription and the
 * heartbeat end when the browser goes away (the stream is cancelled) or the request is aborted.
 */
export function feedChangeStream(
	bus: LiveBus,
	cohortId: string,
	options: { signal?: AbortSignal; heartbeatMs?: number } = {}
): Response {
	return eventStream(
		(send) =>
			bus.subscribe(cohortId, (change: FeedChange) => send(`event: change\ndata: ${JSON.stringify(change)}\n\n`)),
		options
	);
}

/**
 * A server-sent event stream of one live activity's room signals (`event: <signal>`, data = RoomSignal
 * JSON): polls and reactions. The caller has checked that the reader may be in the room.
 */
export function roomSignalStream(
	bus: LiveBus,
	activityId: string,
	options: { signal?: AbortSignal; heartbeatMs?: number } = {}
): Response {
	return eventStream(
		(send) =>
			bus.subscribeRoom(activityId, (signal: RoomSignal) =>
				send(`event: ${signal.signal}\ndata: ${JSON.stringify(signal)}\n\n`)
			),
		options
	);
}

/** The stream itself: subscribed until the browser goes away, with a heartbeat. */
function eventStream(
	subscribe: (send: (chunk: string) => void) => Promise<() => void>,
	options: { signal?: AbortSignal; heartbeatMs?: number }
): Response {
	let stop: (() => void) | undefined;
	let stopped = false;
	const end = () => {
		stopped = true;
		stop?.();
		stop = undefined;
	};
	const stream = new ReadableStream<Uint8Array>({
		async start(controller) {
			const send = (chunk: string) => {
				if (stopped) return;
				try {
					controller.enqueue(encoder.encode(chunk));
				} catch {
					end();
				}
			};
			const unsubscribe = await subscribe(send);
			const heartbeat = setInterval(() => send(': heartbeat\n\n'), options.heartbeatMs ?? HEARTBEAT_MS);
			stop = () => {
				clearInterval(heartbeat);
				unsubscribe();
			};
			const finish = () => {
				end();
				try {
					controller.close();
				} catch {
					// already closed or cancelled
				}
			};
			// Gone while we subscribed: let go at once.
			if (stopped || options.signal?.aborted) return finish();
			options.signal?.addEventListener('abort', finish);
			// The first line sends the headers: the browser's `open` then means "listening".
			send(`retry: ${RETRY_MS}\n: listening\n\n`);
		},
		cancel() {
			end();
		}
	});
	return new Response(stream, {
		headers: {
			'content-type': 'text/event-stream; charset=utf-8',
			'cache-control': 'no-cache, no-store',
			// Tell reverse proxies (nginx) not to buffer the stream.
			'x-accel-buffering': 'no'
		}
	});
}
