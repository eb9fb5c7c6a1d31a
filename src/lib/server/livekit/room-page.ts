import type { Db } from '#lib/server/db/index.ts';
import type { Actor } from '#lib/server/auth/policy.ts';
import { activityRoster } from '#lib/server/attendance/attendance.ts';
import { organisationTimeZone } from '#lib/server/cohorts/cohorts.ts';
import { hasDoneDeviceCheck } from '#lib/server/skills/device-check.ts';
import type { RoomPageData } from '#lib/room/contract.ts';
import { livekit, liveNodeUrl } from './config.ts';
import { roomActivity, salonCohort, type RoomRequest } from './tickets.ts';

/** What a room page needs: the room, who I am, where LiveKit is, and (facilitators) the roster. */
export async function roomPageData(
	db: Db,
	actor: Actor,
	request: RoomRequest,
	salonTitle: string
): Promise<RoomPageData> {
	const lk = livekit();
	const me = (access: 'facilitator' | 'participant') => ({ id: actor.id, firstName: actor.first_name, role: access });
	const common = {
		// An unreachable server is no room: the page shows what to do instead (VideoFallback).
		livekitUrl: lk ? await liveNodeUrl(lk.config) : null,
		loopbackOnly: lk?.config.loopbackOnly ?? false,
		deviceCheckDone: await hasDoneDeviceCheck(db, actor.id)
	};
	if ('activityId' in request) {
		const { activity, cohort, access } = await roomActivity(db, actor, request.activityId);
		return {
			room: {
				kind: 'activity',
				activityId: activity.id,
				cohortId: cohort.id,
				cohortName: cohort.name,
				title: activity.title,
				startsAt: activity.starts_at,
				durationMinutes: activity.duration_minutes,
				timeZone: await organisationTimeZone(db, cohort.organisation_id),
				fallback: activity.fallback,
				place: activity.place
			},
			me: me(access),
			roster: access === 'facilitator' ? await activityRoster(db, actor, activity.id) : null,
			...common
		};
	}
	const { cohort, access } = await salonCohort(db, actor, request.cohortId);
	return {
		room: {
			kind: 'salon',
			activityId: null,
			cohortId: cohort.id,
			cohortName: cohort.name,
			title: salonTitle,
			startsAt: null,
			durationMinutes: null,
			timeZone: await organisationTimeZone(db, cohort.organisation_id),
			fallback: '',
			place: ''
		},
		me: me(access),
		roster: null,
		...common
	};
}
