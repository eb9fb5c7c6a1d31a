import { attendanceSheet } from '#lib/server/attendance/attendance.ts';
import { activityRegisterCsv } from '#lib/server/attendance/register-csv.ts';
import { csvResponse } from '#lib/server/http/spreadsheet.ts';
import { loadData, requireActor } from '#lib/server/http/route.ts';
import type { RequestHandler } from './$types';

/** The activity's register as a spreadsheet: the printed sheet's figures, with arrival and leaving times. */
export const GET: RequestHandler = async (event) => {
	const actor = requireActor(event);
	const sheet = await loadData(() => attendanceSheet(event.locals.db, actor, event.params.activityId));
	return csvResponse(activityRegisterCsv(sheet), `registre-${sheet.cohort.code}-${sheet.activity.id}.csv`);
};
