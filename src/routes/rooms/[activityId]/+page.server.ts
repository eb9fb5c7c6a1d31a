import { markAttendance } from '#lib/server/attendance/attendance.ts';
import { act, invalid, loadData, requireActor } from '#lib/server/http/route.ts';
import { markSchema } from '#lib/server/livekit/schemas.ts';
import { roomPageData } from '#lib/server/livekit/room-page.ts';
import { deviceCheckAction } from '#lib/server/http/room-routes.ts';
import { parseForm } from '#lib/server/http/validation.ts';
import { m } from '#lib/paraglide/messages.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return loadData(() => roomPageData(event.locals.db, actor, { activityId: event.params.activityId }, m.salon_title()));
};

export const actions: Actions = {
	mark: async (event) => {
		const actor = requireActor(event);
		const parsed = parseForm(markSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed, 'mark');
		const marked = await act(
			() => markAttendance(event.locals.db, actor, event.params.activityId, parsed.data.userId, parsed.data.mode),
			parsed.values,
			'mark'
		);
		if (!marked.ok) return marked.failure;
		return { form: 'mark', saved: true };
	},
	deviceCheck: async (event) => deviceCheckAction(event, { activityId: event.params.activityId })
};
