import * as v from 'valibot';
import { jsonEndpoint, readJson } from '#lib/server/http/route.ts';
import { removePushSubscription } from '#lib/server/notifications/push.ts';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = (event) =>
	jsonEndpoint(event, async (actor) =>
		removePushSubscription(
			event.locals.db,
			actor,
			(await readJson(event.request, v.object({ endpoint: v.pipe(v.string(), v.maxLength(1000)) }))).endpoint
		)
	);
