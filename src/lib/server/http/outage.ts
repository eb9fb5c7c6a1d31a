import type { RequestEvent } from '@sveltejs/kit';
import { m } from '#lib/paraglide/messages.js';
import { getLocale } from '#lib/paraglide/runtime.js';
import { RETRY_AFTER_SECONDS } from '#lib/server/db/unavailable.ts';

/**
 * The database is out of reach (issue 17: PostgreSQL restarted): the request gets a 503 that says so in the
 * reader's language and asks to come back (Retry-After), never a 500. Pages get a short page of their own,
 * data requests and API endpoints a JSON body `{ message }`, like SvelteKit's own errors.
 */

/**
 * Requests whose error was the database being away: handleError notes them, the outage hook answers 503.
 * Known by their `locals`, the one object SvelteKit hands on as is (the event itself may reach handleError as
 * a copy, e.g. with tracing merged in).
 */
const outages = new WeakSet<object>();

export function noteOutage(event: Pick<RequestEvent, 'locals'>): void {
	outages.add(event.locals);
}

export function hadOutage(event: Pick<RequestEvent, 'locals'>): boolean {
	return outages.has(event.locals);
}

/** What /health says while the database is away (its route, or this hook when the session could not be read). */
export function healthWhileUnavailable(): Response {
	return Response.json(
		{ status: 'unavailable', database: 'unreachable', message: m.fault_db_unavailable() },
		{ status: 503, headers: { 'retry-after': String(RETRY_AFTER_SECONDS), 'cache-control': 'no-store' } }
	);
}

function wantsJson(event: RequestEvent): boolean {
	if (event.isDataRequest || event.url.pathname.startsWith('/api/')) return true;
	const accept = event.request.headers.get('accept') ?? '';
	return /application\/json/.test(accept) && !/text\/html/.test(accept);
}

const escapeHtml = (text: string) =>
	text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** The answer to a request that failed before any page could be rendered (e.g. reading the session). */
export function outageResponse(event: RequestEvent): Response {
	if (event.url.pathname === '/health') return healthWhileUnavailable();
	const message = m.fault_db_unavailable();
	const headers = new Headers({ 'retry-after': String(RETRY_AFTER_SECONDS), 'cache-control': 'no-store' });
	if (wantsJson(event)) return Response.json({ message }, { status: 503, headers });
	headers.set('content-type', 'text/html; charset=utf-8');
	headers.set('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
	const title = escapeHtml(m.fault_db_unavailable_title());
	const html = `<!doctype html>
<html lang="${getLocale()}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} — Tablée</title>
<style>
body { font: 1.25rem/1.5 system-ui, sans-serif; max-width: 36rem; margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; }
a { display: inline-block; min-height: 44px; padding: 0.6rem 1.2rem; border-radius: 0.5rem;
	background: #1d4ed8; color: #fff; text-decoration: none; }
</style>
</head>
<body>
<main>
<h1><span aria-hidden="true">⏳</span> ${title}</h1>
<p>${escapeHtml(message)}</p>
<p><a href="${escapeHtml(event.url.pathname + event.url.search)}">${escapeHtml(m.fault_retry())}</a></p>
</main>
</body>
</html>
`;
	return new Response(html, { status: 503, headers });
}

/** A page or endpoint SvelteKit answered with 500 because the database was away: the same answer as a 503. */
export function asOutage(response: Response): Response {
	const headers = new Headers(response.headers);
	headers.set('retry-after', String(RETRY_AFTER_SECONDS));
	headers.set('cache-control', 'no-store');
	return new Response(response.body, { status: 503, headers });
}
