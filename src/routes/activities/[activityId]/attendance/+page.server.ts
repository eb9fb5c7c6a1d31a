import { attendanceSheet, recordMark } from '#lib/server/attendance/attendance.ts';
import { sheetMarkSchema } from '#lib/server/attendance/schemas.ts';
import { formAction, loadData, requireActor } from '#lib/server/http/route.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return loadData(() => attendanceSheet(event.locals.db, actor, event.params.activityId));
};

export const actions: Actions = {
	mark: (event) =>
		formAction(
			event,
			sheetMarkSchema,
			'mark',
			({ userId, ...mark }, actor) => recordMark(event.locals.db, actor, event.params.activityId, userId, mark),
			{ after: (_, { userId }, form) => ({ form, saved: userId }) }
		)
};
