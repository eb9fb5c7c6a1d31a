import { loadData, requireActor } from '#lib/server/http/route.ts';
import { roomPageData } from '#lib/server/livekit/room-page.ts';
import { deviceCheckAction } from '#lib/server/http/room-routes.ts';
import { m } from '#lib/paraglide/messages.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return loadData(() => roomPageData(event.locals.db, actor, { cohortId: event.params.cohortId }, m.salon_title()));
};

export const actions: Actions = {
	deviceCheck: async (event) => deviceCheckAction(event, { cohortId: event.params.cohortId })
};
