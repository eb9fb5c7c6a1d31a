import { jsonEndpoint } from '#lib/server/http/route.ts';
import { breakoutBoard } from '#lib/server/breakouts/board.ts';
import type { RequestHandler } from './$types';

// GET: the breakouts' message, timer, groups and help calls as this member may see them (read again on each signal).
export const GET: RequestHandler = (event) =>
	jsonEndpoint(event, (actor) => breakoutBoard(event.locals.db, actor, event.params.activityId));
