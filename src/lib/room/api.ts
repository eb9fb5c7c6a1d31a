/**
 * The room page's calls to its own server endpoints (`/rooms/[activityId]/…` or
 * `/salon/[cohortId]/…`). Every failure carries the server's translated message when it sent one.
 */
import type {
	BreakoutRequest,
	HandRequest,
	ModerationRequest,
	PinRequest,
	RoomPageData,
	RoomReport,
	RoomTicket
} from './contract.ts';
import { m } from '#lib/paraglide/messages.js';

/** A failed call: `message` is ready to show to the person. */
export class RoomApiError extends Error {
	constructor(
		message: string,
		readonly status: number
	) {
		super(message);
	}
}

/** The page URL the endpoints hang under; built from the data, not from `location`, so a trailing slash cannot shift it. */
export function roomBasePath(room: RoomPageData['room']): string {
	return room.kind === 'salon'
		? `/salon/${encodeURIComponent(room.cohortId)}`
		: `/rooms/${encodeURIComponent(room.activityId ?? '')}`;
}

async function failure(response: Response): Promise<RoomApiError> {
	let message: string = m.error_generic();
	try {
		const body: unknown = await response.json();
		if (body && typeof body === 'object' && 'message' in body && typeof body.message === 'string' && body.message)
			message = body.message;
	} catch {
		// not JSON: the generic message will do
	}
	return new RoomApiError(message, response.status);
}

async function send(url: string, init: RequestInit): Promise<Response> {
	let response: Response;
	try {
		response = await fetch(url, init);
	} catch {
		// offline, or the app server is restarting
		throw new RoomApiError(m.error_generic(), 0);
	}
	if (!response.ok) throw await failure(response);
	return response;
}

const json = (body: unknown): RequestInit => ({
	method: 'POST',
	headers: { 'content-type': 'application/json' },
	body: JSON.stringify(body)
});

export async function fetchTicket(base: string): Promise<RoomTicket> {
	const response = await send(`${base}/token`, { headers: { accept: 'application/json' }, cache: 'no-store' });
	return (await response.json()) as RoomTicket;
}

/**
 * Never waited for (keepalive: it goes even while the page closes). Resolves false when the report did not
 * reach the server (offline, or the server failing), so that what it carried can go with the next one; a
 * refusal (4xx) will not get better by sending it again.
 */
export function sendReport(base: string, report: RoomReport): Promise<boolean> {
	return fetch(`${base}/report`, { ...json(report), keepalive: true }).then(
		(response) => response.status < 500,
		() => false
	);
}

export async function moderate(base: string, request: ModerationRequest): Promise<void> {
	await send(`${base}/moderate`, json(request));
}

export async function requestBreakouts(base: string, request: BreakoutRequest): Promise<void> {
	await send(`${base}/breakouts`, json(request));
}

/** My own hand: the server writes it on my participant (pages cannot write their own attributes). */
export async function sendHand(base: string, request: HandRequest): Promise<void> {
	await send(`${base}/hand`, json(request));
}

/** Facilitators: who everyone shows large; the server writes it on my participant. */
export async function sendPin(base: string, request: PinRequest): Promise<void> {
	await send(`${base}/pin`, json(request));
}
