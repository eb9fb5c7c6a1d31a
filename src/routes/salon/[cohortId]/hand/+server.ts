import { handEndpoint } from '#lib/server/http/room-routes.ts';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = (event) => handEndpoint(event, { cohortId: event.params.cohortId });
