import type { RequestEvent } from '@sveltejs/kit';
import { takesUploads } from '#lib/server/uploads/limits.ts';

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];

/** Route ids from the files of the route tree (`/src/routes/a/[b]/+page.server.ts` → `/a/[b]`). */
export function routeIdsOf(files: string[]): Set<string> {
	return new Set(files.map((f) => f.replace(/^\/?src\/routes/, '').replace(/\/\+[^/]+$/, '') || '/'));
}

/**
 * Whether a POST to a form action carries a body no action can read: the wrong content type, or
 * a form that does not parse (a malformed multipart body). Checked once here for every action, so
 * each answers 400 with a translated message instead of a 500 from `request.formData()`. The body
 * was already read into memory by the size limit (uploads/limits.ts); routes that stream uploads
 * parse and refuse their bodies themselves (uploads/receive.ts).
 */
export async function unreadableForm(
	event: Pick<RequestEvent, 'request' | 'route' | 'url'>,
	actionRoutes: Set<string>
): Promise<boolean> {
	const { request, route } = event;
	if (request.method !== 'POST' || !route.id || !actionRoutes.has(route.id) || takesUploads(event)) return false;
	const type = (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
	if (!FORM_TYPES.includes(type)) return true;
	try {
		await request.clone().formData();
		return false;
	} catch {
		return true;
	}
}
