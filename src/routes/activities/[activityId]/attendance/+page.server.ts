import { attendanceSheet, recordMark } from '#lib/server/attendance/attendance.ts';
import { sheetMarkSchema } from '#lib/server/attendance/schemas.ts';
import { act, invalid, loadData, requireActor } from '#lib/server/http/route.ts';
import { parseForm } from '#lib/server/http/validation.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return loadData(() => attendanceSheet(event.locals.db, actor, event.params.activityId));
};

export const actions: Actions = {
	mark: async (event) => {
		const actor = requireActor(event);
		const parsed = parseForm(sheetMarkSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed, 'mark');
		const { userId, ...mark } = parsed.data;
		const marked = await act(
			() => recordMark(event.locals.db, actor, event.params.activityId, userId, mark),
			parsed.values,
			'mark'
		);
		if (!marked.ok) return marked.failure;
		return { form: 'mark', saved: userId };
	}
};
