import * as v from 'valibot';
import { getLocale } from '#lib/paraglide/runtime.js';
import { jsonEndpoint, readJson } from '#lib/server/http/route.ts';
import { savePushSubscription } from '#lib/server/notifications/push.ts';
import type { RequestHandler } from './$types';

const base64url = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{16,200}$/));
const subscriptionSchema = v.object({
	endpoint: v.pipe(v.string(), v.maxLength(1000), v.url(), v.regex(/^https?:\/\//)),
	keys: v.object({ p256dh: base64url, auth: base64url })
});

/** This device's web push subscription, for the signed-in person, in the language they use the app in. */
export const POST: RequestHandler = (event) =>
	jsonEndpoint(event, async (actor) =>
		savePushSubscription(event.locals.db, actor, await readJson(event.request, subscriptionSchema), getLocale())
	);
