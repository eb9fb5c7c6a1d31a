/**
 * The room's live signals (GET /rooms/<id>/live, server-sent events) for the pieces of a room page that
 * follow them (polls and reactions, shared notes, the breakouts' board): one EventSource per room, shared by
 * every listener, so a phone holds one stream, not one per panel. Each signal is a hint to read again through
 * the listener's own request; `missed` is called when signals may have been lost (the server says `resync`,
 * or the stream came back after a drop).
 */
export type RoomSignalName = 'poll' | 'reaction' | 'notes' | 'breakout';
export type RoomSignalHandlers = Partial<Record<RoomSignalName, (data: string) => void>> & { missed?: () => void };

const SIGNALS: RoomSignalName[] = ['poll', 'reaction', 'notes', 'breakout'];
const streams = new Map<string, { source: EventSource; listeners: Set<RoomSignalHandlers> }>();

/** Listens to the room's signals; returns the function that stops (the stream closes with its last listener). */
export function listenRoomSignals(activityId: string, handlers: RoomSignalHandlers): () => void {
	if (typeof window === 'undefined' || !('EventSource' in window)) return () => {};
	const url = `/rooms/${encodeURIComponent(activityId)}/live`;
	let stream = streams.get(url);
	if (!stream) {
		const source = new EventSource(url);
		const listeners = new Set<RoomSignalHandlers>();
		const missed = () => listeners.forEach((l) => l.missed?.());
		for (const name of SIGNALS)
			source.addEventListener(name, (e) => listeners.forEach((l) => l[name]?.((e as MessageEvent<string>).data)));
		source.addEventListener('resync', missed);
		// Back after a drop: what was missed meanwhile is read again.
		let dropped = false;
		source.addEventListener('open', () => {
			if (dropped) missed();
			dropped = false;
		});
		source.addEventListener('error', () => (dropped = true));
		stream = { source, listeners };
		streams.set(url, stream);
	}
	const { source, listeners } = stream;
	listeners.add(handlers);
	return () => {
		listeners.delete(handlers);
		if (listeners.size > 0) return;
		source.close();
		streams.delete(url);
	};
}
