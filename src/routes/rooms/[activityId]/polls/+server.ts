import { jsonEndpoint } from '#lib/server/http/route.ts';
import { roomPolls } from '#lib/server/polls/polls.ts';
import type { RequestHandler } from './$types';

// GET: the activity's polls as this member may see them (the room page reads them again on each signal).
export const GET: RequestHandler = (event) =>
	jsonEndpoint(event, (actor) => roomPolls(event.locals.db, actor, event.params.activityId));
