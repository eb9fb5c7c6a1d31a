// What the room routes (/rooms/[activityId]/…, /salon/[cohortId]/…) share: the device-check form
// action and the JSON endpoints for a ticket and a report. Both kinds of room answer alike.
import type { RequestEvent } from '@sveltejs/kit';
import { formAction, jsonEndpoint, readJson } from './route.ts';
import { livekit } from '#lib/server/livekit/config.ts';
import { recordRoomReport } from '#lib/server/livekit/reports.ts';
import { deviceCheckSchema, roomReportSchema } from '#lib/server/livekit/schemas.ts';
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

/** GET …/token: the ticket for the room this member must be in now. */
export function ticketEndpoint(event: RequestEvent, request: RoomRequest) {
	return jsonEndpoint(event, (actor) => {
		const lk = livekit();
		if (!lk) throw new DomainError(503, 'room_video_off', 'no LiveKit server configured');
		return issueTicket(event.locals.db, lk.config, actor, request);
	});
}

/** POST …/report: media mode and connection quality from the room page. */
export function reportEndpoint(event: RequestEvent, request: RoomRequest) {
	return jsonEndpoint(event, async (actor) =>
		recordRoomReport(event.locals.db, actor, request, await readJson(event.request, roomReportSchema))
	);
}
