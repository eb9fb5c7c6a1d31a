import type { Db } from '#lib/server/db/index.ts';
import type { Actor } from '#lib/server/auth/policy.ts';
import { recomputeAttendance } from '#lib/server/attendance/attendance.ts';
import type { RoomReport } from '#lib/room/contract.ts';
import { roomActivity, salonCohort, type RoomRequest } from './tickets.ts';
import { activityRoomName, salonRoomName } from './room-names.ts';
import { recordObservedEvidence } from '#lib/server/skills/evidence.ts';
import { recordParticipation } from '#lib/server/participation/participation.ts';
import { clock } from '#lib/server/clock.ts';

/**
 * A room page says how it takes part (video, low data, audio only) and how its connection holds.
 * LiveKit never tells the server about connection quality, so this is how facilitators (and later
 * directors, in aggregate) learn who struggled. It is never taken as proof of presence: only
 * LiveKit's webhooks and participant lists are. In an activity's rooms it also carries what the page saw the
 * person do since its last report (participation figures).
 */
export async function recordRoomReport(
	db: Db,
	actor: Actor,
	request: RoomRequest,
	report: RoomReport,
	now = clock.now()
): Promise<void> {
	let roomName: string;
	let activityId: string | null = null;
	if ('activityId' in request) {
		const { activity } = await roomActivity(db, actor, request.activityId, now);
		const group = await db
			.selectFrom('breakout')
			.select('room_name')
			.where('activity_id', '=', activity.id)
			.where('user_id', '=', actor.id)
			.executeTakeFirst();
		roomName = group?.room_name ?? activity.room_name ?? activityRoomName(activity.id);
		activityId = activity.id;
	} else {
		await salonCohort(db, actor, request.cohortId);
		roomName = salonRoomName(request.cohortId);
	}
	const poor = report.quality === 'poor' || report.quality === 'lost' ? 1 : 0;
	await db
		.insertInto('room_report')
		.values({
			room_name: roomName,
			user_id: actor.id,
			mode: report.mode,
			quality: report.quality,
			poor_reports: poor,
			reports: 1,
			at: now
		})
		.onConflict((oc) =>
			oc.columns(['room_name', 'user_id']).doUpdateSet((eb) => ({
				mode: report.mode,
				quality: report.quality,
				at: now,
				reports: eb('room_report.reports', '+', 1),
				poor_reports: eb('room_report.poor_reports', '+', poor)
			}))
		)
		.execute();
	if (activityId) await recomputeAttendance(db, activityId, actor.id, now);
	if (activityId && report.participation)
		await recordParticipation(db, activityId, actor.id, report.participation, now);
	if (report.chatSent) await recordChatSent(db, actor.id, roomName, now);
}

/**
 * Chat goes over LiveKit's data channel, which the server never sees. The page says it sent a
 * message; the claim is taken only while the server holds an open presence of this person in this
 * room — a presence opened by LiveKit's signed webhook — and the evidence points to that presence.
 */
async function recordChatSent(db: Db, userId: string, roomName: string, now: number): Promise<void> {
	const presence = await db
		.selectFrom('presence')
		.select('id')
		.where('room_name', '=', roomName)
		.where('user_id', '=', userId)
		.where('left_at', 'is', null)
		.orderBy('joined_at', 'desc')
		.executeTakeFirst();
	if (presence)
		await recordObservedEvidence(db, {
			userId,
			skillId: 'use_chat',
			level: 'autonomous',
			event: 'chat_message',
			eventRef: presence.id,
			at: now
		});
}
