import { attendanceSheet } from '#lib/server/attendance/attendance.ts';
import { load as domainLoad, requireActor } from '#lib/server/http.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return domainLoad(() => attendanceSheet(event.locals.db, actor, event.params.activityId));
};
