import { ticketEndpoint } from '#lib/server/http/room-routes.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => ticketEndpoint(event, { cohortId: event.params.cohortId });
