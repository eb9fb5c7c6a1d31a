import type { RequestEvent } from '@sveltejs/kit';
import { isMultipart } from './multipart.ts';

/**
 * adapter-node lets bodies up to BODY_SIZE_LIMIT through (raised for uploads: see the README);
 * every route that takes no upload keeps to a small body, as it did with the adapter's default.
 */
export const SMALL_BODY_BYTES = 512 * 1024;

/** Route ids (and form action, for pages) that take uploads. */
const UPLOAD_ROUTES: Array<[routeId: string, action: string | null]> = [
	['/me/assignments/[assignmentId]/upload', null],
	['/me/assignments/[assignmentId]', 'submit'],
	['/cohorts/[cohortId]', 'saveAssignment'],
	['/programmes/[programmeId]', 'addBlock'],
	['/programmes/[programmeId]', 'updateBlock']
];

const actionOf = (url: URL) => [...url.searchParams.keys()].find((k) => k.startsWith('/'))?.slice(1) ?? 'default';

export const takesUploads = (event: Pick<RequestEvent, 'route' | 'url'>) =>
	UPLOAD_ROUTES.some(
		([routeId, action]) => event.route.id === routeId && (action === null || actionOf(event.url) === action)
	);

/** Whether a request declares a body larger than its route takes. */
export function bodyTooLarge(event: Pick<RequestEvent, 'request' | 'route' | 'url'>): boolean {
	const length = Number(event.request.headers.get('content-length') ?? 0);
	if (!(length > SMALL_BODY_BYTES)) return false;
	return !takesUploads(event);
}

/**
 * Holds every route that takes no upload to SMALL_BODY_BYTES on the bytes actually read, whatever
 * the encoding: a body that declares no length (chunked) is read up to the limit, and the request is
 * replaced by one carrying those bytes. Returns false when the body is too large.
 * Upload routes stream their multipart bodies and count bytes themselves (uploads/receive.ts).
 */
export async function limitBody(event: Pick<RequestEvent, 'request' | 'route' | 'url'>): Promise<boolean> {
	if (bodyTooLarge(event)) return false;
	const request = event.request;
	// Upload routes stream multipart bodies and count the bytes themselves; the same form sent urlencoded
	// (without JavaScript and without a file) is held to the small limit like any other.
	if (!request.body || (takesUploads(event) && isMultipart(request.headers.get('content-type')))) return true;
	// A declared length within the limit holds: Node's HTTP parser reads no more of the body than it says (bytes
	// past it are the connection's next request). Only a body of no declared length is read here.
	const declared = request.headers.get('content-length');
	if (declared !== null && Number(declared) <= SMALL_BODY_BYTES && !request.headers.has('transfer-encoding'))
		return true;
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		size += value.byteLength;
		if (size > SMALL_BODY_BYTES) {
			await reader.cancel().catch(() => undefined);
			return false;
		}
		chunks.push(value);
	}
	const body = new Uint8Array(size);
	let at = 0;
	for (const chunk of chunks) {
		body.set(chunk, at);
		at += chunk.byteLength;
	}
	const headers = new Headers(request.headers);
	headers.delete('transfer-encoding');
	headers.set('content-length', String(size));
	event.request = new Request(request.url, { method: request.method, headers, body, signal: request.signal });
	return true;
}
