// What the room routes (/rooms/[activityId]/…, /salon/[cohortId]/…) share: the device-check form
// action and the JSON endpoints for a ticket, a report, a hand and a pin. Both kinds of room answer alike.
import type { RequestEvent } from '@sveltejs/kit';
import { formAction, jsonEndpoint, readJson } from './route.ts';
import { livekit } from '#lib/server/livekit/config.ts';
import { recordRoomReport } from '#lib/server/livekit/reports.ts';
import { announceMode, setHand, setPin } from '#lib/server/livekit/attributes.ts';
import { deviceCheckSchema, handSchema, pinSchema, roomReportSchema } from '#lib/server/livekit/schemas.ts';
import { issueTicket, requireRoomMember, type RoomRequest } from '#lib/server/livekit/tickets.ts';
import { DomainError } from './errors.ts';
import { recordDeviceCheck } from '#lib/server/skills/device-check.ts';

/** The device check, from the page of a room this person may enter. */
export function deviceCheckAction(event: RequestEvent, request: RoomRequest) {
	return formAction(event, deviceCheckSchema, 'deviceCheck', async (input, actor) => {
		await requireRoomMember(event.locals.db, actor, request);
		await recordDeviceCheck(event.locals.db, actor, input);
	});
}

const videoOn = () => {
	const lk = livekit();
	if (!lk) throw new DomainError(503, 'room_video_off', 'no LiveKit server configured');
	return lk;
};

/** GET …/token: the ticket for the room this member must be in now. */
export function ticketEndpoint(event: RequestEvent, request: RoomRequest) {
	return jsonEndpoint(event, (actor) => issueTicket(event.locals.db, videoOn().config, actor, request));
}

/** POST …/report: media mode and connection quality from the room page; the mode is shown to the others. */
export function reportEndpoint(event: RequestEvent, request: RoomRequest) {
	return jsonEndpoint(event, async (actor) => {
		const report = await readJson(event.request, roomReportSchema);
		await recordRoomReport(event.locals.db, actor, request, report);
		const lk = livekit();
		if (lk) await announceMode(event.locals.db, lk.rooms, actor, request, report.mode);
	});
}

/** POST …/hand: this member's own hand, up or down. */
export function handEndpoint(event: RequestEvent, request: RoomRequest) {
	return jsonEndpoint(event, async (actor) => {
		const hand = await readJson(event.request, handSchema);
		await setHand(event.locals.db, videoOn().rooms, actor, request, hand);
	});
}

/** POST …/pin: a facilitator shows someone large for everyone in the room. */
export function pinEndpoint(event: RequestEvent, request: RoomRequest) {
	return jsonEndpoint(event, async (actor) => {
		const { identity } = await readJson(event.request, pinSchema);
		await setPin(event.locals.db, videoOn().rooms, actor, request, identity);
	});
}
