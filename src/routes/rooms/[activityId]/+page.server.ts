import { markAttendance } from '#lib/server/attendance/attendance.ts';
import { formAction, loadData, requireActor } from '#lib/server/http/route.ts';
import { markSchema } from '#lib/server/livekit/schemas.ts';
import { roomPageData } from '#lib/server/livekit/room-page.ts';
import { deviceCheckAction } from '#lib/server/http/room-routes.ts';
import { m } from '#lib/paraglide/messages.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return loadData(() => roomPageData(event.locals.db, actor, { activityId: event.params.activityId }, m.salon_title()));
};

export const actions: Actions = {
	mark: (event) =>
		formAction(event, markSchema, 'mark', ({ userId, mode }, actor) =>
			markAttendance(event.locals.db, actor, event.params.activityId, userId, mode)
		),
	deviceCheck: async (event) => deviceCheckAction(event, { activityId: event.params.activityId })
};
