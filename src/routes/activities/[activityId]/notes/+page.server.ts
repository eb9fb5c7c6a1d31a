import { loadData, requireActor } from '#lib/server/http/route.ts';
import { notesToRead } from '#lib/server/notes/notes.ts';
import type { PageServerLoad } from './$types';

// The shared notes of a live activity, read-only, for the cohort's members (during and after it).
export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return loadData(() => notesToRead(event.locals.db, actor, event.params.activityId));
};
