import { cohortRegister } from '#lib/server/attendance/attendance.ts';
import { cohortRegisterCsv } from '#lib/server/attendance/register-csv.ts';
import { csvResponse } from '#lib/server/http/spreadsheet.ts';
import { loadData, requireActor } from '#lib/server/http/route.ts';
import type { RequestHandler } from './$types';

/** The whole cohort's register as a spreadsheet: a line per participant per activity begun. */
export const GET: RequestHandler = async (event) => {
	const actor = requireActor(event);
	const register = await loadData(() => cohortRegister(event.locals.db, actor, event.params.cohortId));
	return csvResponse(cohortRegisterCsv(register), `registre-${register.cohort.code}.csv`);
};
