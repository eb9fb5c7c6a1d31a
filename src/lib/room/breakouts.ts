/**
 * Breakouts from the page's side. LiveKit's open-source server cannot move participants: the app
 * server assigns rooms, then tells pages to ask for their ticket again (a data message on
 * TOPIC_MOVE) — and pages also ask every few seconds, in case that message was missed. A ticket
 * naming another room means "move there"; the session decides what to do with it.
 */
import { TOPIC_MOVE, type RoomTicket } from './contract.ts';

export const TICKET_POLL_MS = 10_000;

export class TicketWatch {
	#checking: Promise<void> | null = null;
	#timer: ReturnType<typeof setInterval> | undefined;

	constructor(
		private readonly fetchTicket: () => Promise<RoomTicket>,
		private readonly onTicket: (ticket: RoomTicket) => unknown
	) {}

	/** Asks the server which room I belong in now; one question at a time, however many asked. */
	check(): Promise<void> {
		this.#checking ??= (async () => {
			try {
				await this.onTicket(await this.fetchTicket());
			} catch {
				// the next poll tries again
			} finally {
				this.#checking = null;
			}
		})();
		return this.#checking;
	}

	/** A data message from the server: on the move topic, it means "ask again". */
	onData(topic: string | undefined): void {
		if (topic === TOPIC_MOVE) void this.check();
	}

	start(): void {
		this.stop();
		this.#timer = setInterval(() => void this.check(), TICKET_POLL_MS);
	}

	stop(): void {
		clearInterval(this.#timer);
	}
}
