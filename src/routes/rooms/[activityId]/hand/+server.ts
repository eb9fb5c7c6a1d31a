import { handEndpoint } from '#lib/server/http/room-routes.ts';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = (event) => handEndpoint(event, { activityId: event.params.activityId });
