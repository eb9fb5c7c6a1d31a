/**
 * A streaming reader of multipart/form-data bodies: parts come one after the other and a part's
 * bytes are handed over as they arrive, so a file goes to disk without ever being held whole in
 * memory. (No multipart library is among our dependencies; the format is small: RFC 7578.)
 */

export class MultipartError extends Error {}

export interface MultipartPart {
	name: string;
	/** null for a plain field; the (possibly empty) file name for a file. */
	filename: string | null;
	contentType: string;
	/** The part's bytes. What is not read is skipped when the next part is asked for. */
	body: AsyncIterable<Uint8Array>;
}

export interface MultipartOptions {
	maxHeaderBytes?: number;
	maxParts?: number;
	/** A body that sends nothing for this long is given up (a phone that vanished mid-upload). */
	idleMs?: number;
}

/** The boundary of a multipart/form-data content type, or null when it is not one. */
export function boundaryOf(contentType: string | null): string | null {
	if (!contentType || !/^multipart\/form-data\s*;/i.test(contentType)) return null;
	const match = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
	return match ? (match[1] ?? match[2]) : null;
}

/** Content-Disposition: form-data; name="x"; filename="y" (filename* in UTF-8 wins, as RFC 6266 says). */
function parseDisposition(value: string): { name: string; filename: string | null } | null {
	if (!/^\s*form-data\s*(;|$)/i.test(value)) return null;
	const params = new Map<string, string>();
	for (const m of value.matchAll(/;\s*([\w*-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]*))/g)) {
		params.set(m[1].toLowerCase(), m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]);
	}
	const name = params.get('name');
	if (name === undefined) return null;
	let filename = params.get('filename') ?? null;
	const extended = params.get('filename*');
	if (extended) {
		const m = /^utf-8''(.*)$/i.exec(extended);
		if (m) {
			try {
				filename = decodeURIComponent(m[1]);
			} catch {
				// keep the plain filename
			}
		}
	}
	return { name, filename };
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

export async function* readMultipart(
	stream: ReadableStream<Uint8Array>,
	boundary: string,
	options: MultipartOptions = {}
): AsyncGenerator<MultipartPart> {
	const { maxHeaderBytes = 8 * 1024, maxParts = 50, idleMs = 60_000 } = options;
	const reader = stream.getReader();
	const delimiter = Buffer.from(`--${boundary}`);
	const bodyDelimiter = Buffer.from(`\r\n--${boundary}`);
	let buffer: Buffer = Buffer.alloc(0);
	let ended = false;
	let partOpen = false;

	/** Appends the next chunk of the body; false at its end. */
	const pull = async (): Promise<boolean> => {
		if (ended) return false;
		let timer: ReturnType<typeof setTimeout> | undefined;
		let stalled = false;
		const idle = new Promise<never>((_, reject) => {
			timer = setTimeout(() => {
				stalled = true;
				reject(new MultipartError(`no data for ${idleMs} ms`));
				void reader.cancel().catch(() => {});
			}, idleMs);
		});
		try {
			const { value, done } = await Promise.race([reader.read(), idle]);
			if (stalled) throw new MultipartError(`no data for ${idleMs} ms`);
			if (done) {
				ended = true;
				return false;
			}
			buffer = buffer.length ? Buffer.concat([buffer, value]) : Buffer.from(value);
			return true;
		} finally {
			clearTimeout(timer);
		}
	};
	const need = async (bytes: number) => {
		while (buffer.length < bytes) if (!(await pull())) throw new MultipartError('body ends too early');
	};

	/** The next bytes of the open part, or null once its closing delimiter is reached. */
	const nextBodyChunk = async (): Promise<Uint8Array | null> => {
		while (partOpen) {
			const at = buffer.indexOf(bodyDelimiter);
			if (at >= 0) {
				const chunk = buffer.subarray(0, at);
				buffer = buffer.subarray(at + bodyDelimiter.length);
				partOpen = false;
				return chunk.length ? chunk : null;
			}
			// Keep what could be the start of a delimiter cut across two chunks.
			const safe = buffer.length - (bodyDelimiter.length - 1);
			if (safe > 0) {
				const chunk = buffer.subarray(0, safe);
				buffer = buffer.subarray(safe);
				return chunk;
			}
			if (!(await pull())) throw new MultipartError('body ends inside a part');
		}
		return null;
	};

	try {
		// The preamble (usually empty) ends at the first delimiter.
		for (;;) {
			const at = buffer.indexOf(delimiter);
			if (at >= 0) {
				buffer = buffer.subarray(at + delimiter.length);
				break;
			}
			if (buffer.length > delimiter.length) buffer = buffer.subarray(buffer.length - delimiter.length);
			if (!(await pull())) throw new MultipartError('no boundary in the body');
		}
		for (let count = 0; ; count++) {
			// After a delimiter: "--" closes the body, CRLF opens the next part.
			await need(2);
			if (buffer[0] === 0x2d && buffer[1] === 0x2d) return;
			if (!buffer.subarray(0, 2).equals(CRLF)) throw new MultipartError('malformed delimiter');
			buffer = buffer.subarray(2);
			if (count >= maxParts) throw new MultipartError(`more than ${maxParts} parts`);

			let headerEnd = buffer.indexOf(HEADER_END);
			while (headerEnd < 0) {
				if (buffer.length > maxHeaderBytes) throw new MultipartError('part headers too long');
				if (!(await pull())) throw new MultipartError('body ends in part headers');
				headerEnd = buffer.indexOf(HEADER_END);
			}
			if (headerEnd > maxHeaderBytes) throw new MultipartError('part headers too long');
			const headers = new Map<string, string>();
			for (const line of buffer.subarray(0, headerEnd).toString('utf8').split('\r\n')) {
				const colon = line.indexOf(':');
				if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
			}
			buffer = buffer.subarray(headerEnd + HEADER_END.length);
			const disposition = parseDisposition(headers.get('content-disposition') ?? '');
			if (!disposition) throw new MultipartError('part without a form-data name');

			partOpen = true;
			const body: AsyncIterable<Uint8Array> = {
				[Symbol.asyncIterator]: () => ({
					next: async () => {
						const chunk = await nextBodyChunk();
						return chunk ? { value: chunk, done: false } : { value: undefined, done: true };
					}
				})
			};
			yield {
				...disposition,
				contentType:
					headers.get('content-type') ?? (disposition.filename === null ? 'text/plain' : 'application/octet-stream'),
				body
			};
			// Whatever the consumer left of this part is skipped.
			while ((await nextBodyChunk()) !== null);
		}
	} finally {
		try {
			reader.releaseLock();
		} catch {
			// a read still pending after a cancel: the stream is done with anyway
		}
	}
}
