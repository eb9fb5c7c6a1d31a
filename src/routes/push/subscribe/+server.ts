import * as v from 'valibot';
import { getLocale } from '#lib/paraglide/runtime.js';
import { jsonEndpoint, readJson } from '#lib/server/http/route.ts';
import { savePushSubscription } from '#lib/server/notifications/push.ts';
import type { RequestHandler } from './$types';

// The browser's keys (RFC 8291): a 65-byte P-256 public key and a 16-byte secret, base64url. Anything
// else could never encrypt a push. The endpoint must be a public https address (savePushSubscription).
const subscriptionSchema = v.object({
	endpoint: v.pipe(v.string(), v.maxLength(1000), v.url()),
	keys: v.object({
		p256dh: v.pipe(v.string(), v.regex(/^B[A-Za-z0-9_-]{86}$/)),
		auth: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{22}$/))
	})
});

/** This device's web push subscription, for the signed-in person, in the language they use the app in. */
export const POST: RequestHandler = (event) =>
	jsonEndpoint(event, async (actor) =>
		savePushSubscription(event.locals.db, actor, await readJson(event.request, subscriptionSchema), getLocale())
	);
