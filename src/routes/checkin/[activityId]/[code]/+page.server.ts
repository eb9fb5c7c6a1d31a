import { checkIn } from '#lib/server/attendance/checkin.ts';
import { loadData, requireActor } from '#lib/server/http/route.ts';
import type { PageServerLoad } from './$types';

/** A participant scanned the room's code: they are checked in as they open the page (one scan, done). */
export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return loadData(() => checkIn(event.locals.db, actor, event.params.activityId, event.params.code));
};
