import { pinEndpoint } from '#lib/server/http/room-routes.ts';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = (event) => pinEndpoint(event, { cohortId: event.params.cohortId });
