import type { RequestEvent } from '@sveltejs/kit';

/**
 * adapter-node lets bodies up to BODY_SIZE_LIMIT through (raised for uploads: see the README);
 * every route that takes no upload keeps to a small body, as it did with the adapter's default.
 */
export const SMALL_BODY_BYTES = 512 * 1024;

/** Route ids (and form action, for pages) that take uploads. */
const UPLOAD_ROUTES: Array<[routeId: string, action: string | null]> = [
	['/me/assignments/[assignmentId]/upload', null],
	['/me/assignments/[assignmentId]', 'submit'],
	['/cohorts/[cohortId]', 'saveAssignment']
];

const actionOf = (url: URL) => [...url.searchParams.keys()].find((k) => k.startsWith('/'))?.slice(1) ?? 'default';

/** Whether a request declares a body larger than its route takes. */
export function bodyTooLarge(event: Pick<RequestEvent, 'request' | 'route' | 'url'>): boolean {
	const length = Number(event.request.headers.get('content-length') ?? 0);
	if (!(length > SMALL_BODY_BYTES)) return false;
	return !UPLOAD_ROUTES.some(
		([routeId, action]) => event.route.id === routeId && (action === null || actionOf(event.url) === action)
	);
}
