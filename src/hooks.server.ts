import { error, type Handle, type HandleServerError, type ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { dev } from '$app/environment';
import { m } from '#lib/paraglide/messages.js';
import { paraglideMiddleware } from '#lib/paraglide/server.js';
import { routeIdsOf, unreadableForm } from '#lib/server/http/form-body.ts';
import { appDb } from '#lib/server/db/instance.ts';
import { isDatabaseUnavailable } from '#lib/server/db/unavailable.ts';
import { asOutage, hadOutage, noteOutage, outageResponse } from '#lib/server/http/outage.ts';
import { livekit } from '#lib/server/livekit/config.ts';
import { startReconciler } from '#lib/server/livekit/reconcile.ts';
import { startNotifier } from '#lib/server/notifications/scheduler.ts';
import { appVapidKeys } from '#lib/server/notifications/vapid.ts';
import {
	SESSION_COOKIE,
	deleteSessionCookie,
	setSessionCookie,
	validateSessionToken
} from '#lib/server/auth/session.ts';
import { startUploadSweeper } from '#lib/server/assignments/files.ts';
import { startRollupRefresher } from '#lib/server/insights/rollups.ts';
import { addSecurityHeaders } from '#lib/server/http/security-headers.ts';
import { limitBody } from '#lib/server/uploads/limits.ts';
import { uploadStore } from '#lib/server/uploads/store.ts';

// Migrations run before the first request is served; then presences are kept in step with LiveKit,
// reminders and web pushes go out, and the director's figures catch up with live attendance, in the background.
export const init: ServerInit = async () => {
	const db = await appDb();
	const lk = livekit();
	if (lk) startReconciler(db, lk.rooms, Number(process.env.LIVEKIT_RECONCILE_MS ?? 15_000));
	startNotifier(db, appVapidKeys(), Number(process.env.NOTIFIER_EVERY_MS ?? 30_000));
	startUploadSweeper(db, uploadStore());
	startRollupRefresher(db, Number(process.env.ROLLUP_REFRESH_MS ?? 3_000));
};

// Only upload routes take large bodies, counted on the bytes read (see uploads/limits.ts).
const handleBodySize: Handle = async ({ event, resolve }) =>
	(await limitBody(event)) ? resolve(event) : new Response('Payload Too Large', { status: 413 });

// Every route with form actions (+page.server.ts) and no endpoint of its own (+server.ts).
const actionRoutes = (() => {
	const pages = routeIdsOf(Object.keys(import.meta.glob('/src/routes/**/+page.server.ts')));
	const endpoints = routeIdsOf(Object.keys(import.meta.glob('/src/routes/**/+server.ts')));
	return new Set([...pages].filter((id) => !endpoints.has(id)));
})();

// A body no form action can read gets a translated 400 here, once for all actions (never a 500).
const handleFormBody: Handle = async ({ event, resolve }) => {
	if (await unreadableForm(event, actionRoutes)) error(400, m.security_form_unreadable());
	return resolve(event);
};

// Under /api/ are machine endpoints (LiveKit's webhooks): no reader, no locale, and no copy of the request
// (Paraglide's middleware clones each one: a tenth of a webhook's CPU, issue 17). Their rare words (a 503)
// are in French, the base locale.
const handleLocale: Handle = ({ event, resolve }) =>
	event.url.pathname.startsWith('/api/')
		? resolve(event)
		: paraglideMiddleware(event.request, ({ request, locale }) => {
				event.request = request;
				return resolve(event, { transformPageChunk: ({ html }) => html.replace('%paraglide.lang%', locale) });
			});

// The database out of reach (PostgreSQL restarting): a translated 503 with Retry-After, never a 500 (issue 17).
// Inside handleLocale, so the answer speaks the reader's language. A failure before any page could be rendered
// (reading the session) is answered here; one in a load, an action or an endpoint went through handleError,
// which noted it, and SvelteKit's 500 becomes a 503.
const handleOutage: Handle = async ({ event, resolve }) => {
	let response: Response;
	try {
		response = await resolve(event);
	} catch (e) {
		if (!isDatabaseUnavailable(e)) throw e;
		console.error(`database unavailable: ${event.request.method} ${event.url.pathname}: ${(e as Error).message}`);
		return outageResponse(event);
	}
	return hadOutage(event) && response.status === 500 ? asOutage(response) : response;
};

export const handleError: HandleServerError = ({ error, event, status, message }) => {
	if (isDatabaseUnavailable(error)) {
		noteOutage(event);
		console.error(`database unavailable: ${event.request.method} ${event.url.pathname}: ${(error as Error).message}`);
		return { message: m.fault_db_unavailable() };
	}
	if (status !== 404) console.error(error);
	return { message };
};

const handleSession: Handle = async ({ event, resolve }) => {
	const db = await appDb();
	event.locals.db = db;
	const token = event.cookies.get(SESSION_COOKIE);
	event.locals.user = null;
	event.locals.session = null;
	if (token) {
		const result = await validateSessionToken(db, token);
		const secure = !dev && event.url.protocol === 'https:';
		if (result) {
			setSessionCookie(event.cookies, token, result.session.expires_at, secure);
			event.locals.user = result.user;
			event.locals.session = result.session;
		} else {
			deleteSessionCookie(event.cookies, secure);
		}
	}
	const response = await resolve(event);
	// Pages show personal data: never cache them in shared caches.
	if (!response.headers.has('cache-control')) response.headers.set('cache-control', 'private, no-store');
	return response;
};

// nosniff, no framing, Referrer-Policy, Permissions-Policy, HSTS over https, LiveKit in the CSP; first in
// the chain so that the answers of the other hooks (413, 400) carry them too.
const handleSecurityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const context = { https: event.url.protocol === 'https:', livekitUrls: livekit()?.config.urls ?? [] };
	try {
		addSecurityHeaders(response.headers, context);
		return response;
	} catch {
		// A response whose headers are immutable (e.g. one made by fetch): copy it.
		const copy = new Response(response.body, response);
		addSecurityHeaders(copy.headers, context);
		return copy;
	}
};

export const handle = sequence(
	handleSecurityHeaders,
	handleBodySize,
	handleLocale,
	handleOutage,
	handleFormBody,
	handleSession
);
