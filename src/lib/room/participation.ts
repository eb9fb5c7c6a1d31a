/**
 * What a room page saw its person do, between two reports to the server: stretches of time speaking (as
 * livekit-server's active-speaker updates say) and with the camera on, and chat messages sent. Times are the
 * page's monotonic clock; a report gives them as milliseconds before it was made, so no clock has to agree
 * with the server's.
 */
import type { AgoSpan, ParticipationReport, ParticipationSpanKind } from './contract.ts';

/** A report older than this is refused by the server (a page frozen in the background, then woken). */
export const REPORT_MAX_AGE_MS = 15 * 60_000;
/** At most this many stretches of each kind per report; older ones are dropped first. */
export const REPORT_MAX_SPANS = 120;
/** Chat messages per report (the page reports every 20 s). */
export const REPORT_MAX_MESSAGES = 200;

interface Stretch {
	start: number;
	end: number;
}

const KINDS: ParticipationSpanKind[] = ['speaking', 'camera'];

export class ParticipationTracker {
	#since: Record<ParticipationSpanKind, number | null> = { speaking: null, camera: null };
	#done: Record<ParticipationSpanKind, Stretch[]> = { speaking: [], camera: [] };
	#messages = 0;

	constructor(private readonly now: () => number = () => performance.now()) {}

	/** Speaking, or the camera, started (true) or stopped (false); repeating the same state changes nothing. */
	set(kind: ParticipationSpanKind, on: boolean): void {
		const since = this.#since[kind];
		if (on && since === null) this.#since[kind] = this.now();
		else if (!on && since !== null) {
			this.#done[kind].push({ start: since, end: this.now() });
			this.#since[kind] = null;
		}
	}

	/** Out of the room (left, dropped, moved): whatever was going on stops here. */
	stopAll(): void {
		for (const kind of KINDS) this.set(kind, false);
	}

	message(): void {
		this.#messages++;
	}

	/**
	 * Everything since the last report, ongoing stretches cut here (they go on in the next one); null when there is
	 * nothing to say. `putBack` returns it if it could not be sent.
	 */
	take(): { report: ParticipationReport; at: number } | null {
		const at = this.now();
		const spans = (kind: ParticipationSpanKind): AgoSpan[] => {
			const since = this.#since[kind];
			if (since !== null) {
				this.#done[kind].push({ start: since, end: at });
				this.#since[kind] = at;
			}
			// What is older than the server takes is cut off; what is left of a stretch may be nothing.
			const kept = this.#done[kind]
				.map((s): AgoSpan => [Math.min(Math.round(at - s.start), REPORT_MAX_AGE_MS), Math.round(at - s.end)])
				.filter(([startedAgo, endedAgo]) => startedAgo > endedAgo)
				.slice(-REPORT_MAX_SPANS);
			this.#done[kind] = [];
			return kept;
		};
		const report = {
			speaking: spans('speaking'),
			camera: spans('camera'),
			messages: Math.min(this.#messages, REPORT_MAX_MESSAGES)
		};
		this.#messages = 0;
		if (!report.speaking.length && !report.camera.length && !report.messages) return null;
		return { report, at };
	}

	/** A report that did not reach the server comes back, to go with the next one. */
	putBack({ report, at }: { report: ParticipationReport; at: number }): void {
		for (const kind of KINDS)
			this.#done[kind].unshift(
				...report[kind].map(([startedAgo, endedAgo]) => ({ start: at - startedAgo, end: at - endedAgo }))
			);
		this.#messages += report.messages;
	}
}
