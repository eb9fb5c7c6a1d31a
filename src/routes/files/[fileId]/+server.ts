import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { error } from '@sveltejs/kit';
import { openFile } from '#lib/server/assignments/files.ts';
import { loadData, requireActor } from '#lib/server/http/route.ts';
import { uploadStore } from '#lib/server/uploads/store.ts';
import { m } from '#lib/paraglide/messages.js';
import type { RequestHandler } from './$types';

/** RFC 6266: an ASCII name for old clients, the real one in UTF-8. */
function disposition(kind: 'inline' | 'attachment', name: string): string {
	const ascii =
		name
			.normalize('NFD')
			.replace(/[^\x20-\x7e]/g, '')
			.replace(/["\\]/g, '_') || 'document';
	return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

// Uploaded files are served only here, after the domain said who may read them; never from static/.
export const GET: RequestHandler = async (event) => {
	const actor = requireActor(event);
	if (!/^[a-z2-7]{16}$/.test(event.params.fileId)) error(404, m.error_not_found());
	const file = await loadData(() => openFile(event.locals.db, actor, event.params.fileId, uploadStore()));
	const size = await stat(file.path)
		.then((s) => s.size)
		.catch(() => null);
	if (size === null) error(404, m.error_not_found());
	// Photos show in the page; anything else is downloaded, never rendered by the browser as ours.
	const inline = /^image\/(jpeg|png|webp)$/.test(file.mime);
	return new Response(Readable.toWeb(createReadStream(file.path)) as ReadableStream, {
		headers: {
			'content-type': file.mime,
			'content-length': String(size),
			'content-disposition': disposition(inline ? 'inline' : 'attachment', file.name),
			'x-content-type-options': 'nosniff',
			'content-security-policy': "default-src 'none'; sandbox",
			'cache-control': 'private, no-store'
		}
	});
};
