import { reportEndpoint } from '#lib/server/http/room-routes.ts';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = (event) => reportEndpoint(event, { activityId: event.params.activityId });
