import { handInEndpoint } from '#lib/server/http/assignment-routes.ts';
import type { RequestHandler } from './$types';

// The page's script sends the work here, so that it can show the upload's progress.
export const POST: RequestHandler = (event) => handInEndpoint(event, event.params.assignmentId);
