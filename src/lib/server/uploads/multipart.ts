/**
 * multipart/form-data bodies read with busboy (RFC 7578 parsing is busboy's, a well-kept, heavily used
 * streaming parser), turned into parts the caller pulls one after the other: a file's bytes are handed
 * over as they arrive, so a file goes to disk without ever being held whole in memory, and busboy reads
 * no further than the caller (backpressure through the file stream).
 *
 * What stays ours: the limits (parts, field bytes), giving up on a body that stalls, and errors that say
 * whether the body was malformed (a 400 to the sender) or cut short (nobody waits for an answer).
 */
import { Readable } from 'node:stream';
import busboy from 'busboy';

export class MultipartError extends Error {
	constructor(
		/** malformed: a body no browser sends; truncated: it ended too early; stalled: nothing came for too long. */
		readonly kind: 'malformed' | 'truncated' | 'stalled',
		message: string,
		options?: ErrorOptions
	) {
		super(message, options);
	}
}

export type MultipartPart =
	| {
			kind: 'field';
			name: string;
			value: string;
			/** The value was longer than `maxFieldBytes` (then `value` is cut there). */
			truncated: boolean;
	  }
	| {
			kind: 'file';
			name: string;
			/** The file name as sent (may be empty: a file input left empty still sends a part). */
			filename: string;
			contentType: string;
			/** The file's bytes. What is not read is skipped when the next part is asked for. */
			body: AsyncIterable<Uint8Array>;
	  };

export interface MultipartOptions {
	maxParts?: number;
	/** Bytes of one plain field. */
	maxFieldBytes?: number;
	/** A body that sends nothing for this long is given up (a phone that vanished mid-upload). */
	idleMs?: number;
}

/** True when the content type is multipart/form-data with a boundary. */
export function isMultipart(contentType: string | null): boolean {
	return !!contentType && /^multipart\/form-data\s*;/i.test(contentType) && /;\s*boundary=/i.test(contentType);
}

/** The request body as a Node stream that fails when no byte comes for `idleMs`. */
function watchedBody(stream: ReadableStream<Uint8Array>, idleMs: number): Readable {
	const reader = stream.getReader();
	let timer: ReturnType<typeof setTimeout> | undefined;
	const body = new Readable({
		read() {
			timer = setTimeout(() => {
				body.destroy(new MultipartError('stalled', `no data for ${idleMs} ms`));
				void reader.cancel().catch(() => {});
			}, idleMs);
			reader.read().then(
				({ value, done }) => {
					clearTimeout(timer);
					if (body.destroyed) return;
					body.push(done ? null : value);
				},
				(err: unknown) => {
					clearTimeout(timer);
					body.destroy(err instanceof Error ? err : new Error(String(err)));
				}
			);
		},
		destroy(err, callback) {
			clearTimeout(timer);
			callback(err);
		}
	});
	return body;
}

/**
 * busboy's own errors, sorted: a body cut short, or one no browser would send (a body that ends before
 * its first part never was a form: no boundary in it at all).
 */
function sorted(err: unknown, partsSeen: number): Error {
	if (err instanceof MultipartError || !(err instanceof Error)) return err as Error;
	if (/^Unexpected end of (form|file)/.test(err.message))
		return new MultipartError(partsSeen > 0 ? 'truncated' : 'malformed', err.message);
	if (/^(Malformed|Multipart:)/.test(err.message)) return new MultipartError('malformed', err.message);
	return err;
}

/**
 * A file's bytes. A reader that stops early leaves the stream open (the rest is skipped, not an error
 * for busboy), and busboy's errors come out sorted.
 */
async function* bytesOf(file: Readable): AsyncGenerator<Uint8Array> {
	try {
		for await (const chunk of file.iterator({ destroyOnReturn: false })) yield chunk as Uint8Array;
	} catch (e) {
		throw sorted(e, 1);
	}
}

export async function* readMultipart(
	stream: ReadableStream<Uint8Array>,
	contentType: string,
	options: MultipartOptions = {}
): AsyncGenerator<MultipartPart> {
	const { maxParts = 50, maxFieldBytes = 64 * 1024, idleMs = 60_000 } = options;
	let parser: busboy.Busboy;
	try {
		parser = busboy({
			headers: { 'content-type': contentType },
			// One more than allowed, so that going over is seen (busboy then stops emitting parts).
			limits: { parts: maxParts + 1, fieldSize: maxFieldBytes, fieldNameSize: 200 },
			defParamCharset: 'utf8'
		});
	} catch (e) {
		throw new MultipartError('malformed', (e as Error).message);
	}

	// Parts wait here until the caller asks for them; busboy is paused meanwhile by backpressure.
	const queue: { part: MultipartPart; file?: Readable }[] = [];
	let failure: Error | undefined;
	let finished = false;
	let count = 0;
	let wake: (() => void) | undefined;
	const signal = () => {
		wake?.();
		wake = undefined;
	};
	const open: Readable[] = [];
	const fail = (err: unknown) => {
		failure ??= sorted(err, count);
		// A file being read gets the error too (its reader would otherwise wait for bytes that never come).
		for (const file of open) if (!file.destroyed && !file.readableEnded) file.destroy(failure);
		signal();
	};

	parser.on('field', (name, value, info) => {
		count++;
		queue.push({ part: { kind: 'field', name, value, truncated: info.valueTruncated } });
		signal();
	});
	parser.on('file', (name, file, info) => {
		count++;
		open.push(file);
		file.once('error', fail);
		const part = { kind: 'file' as const, name, filename: info.filename ?? '', contentType: info.mimeType };
		queue.push({ part: { ...part, body: bytesOf(file) }, file });
		signal();
	});
	parser.on('partsLimit', () => fail(new MultipartError('malformed', `more than ${maxParts} parts`)));
	parser.on('error', fail);
	parser.on('close', () => {
		finished = true;
		signal();
	});

	const body = watchedBody(stream, idleMs);
	body.on('error', fail);
	body.pipe(parser);

	try {
		for (;;) {
			if (failure) throw failure;
			const next = queue.shift();
			if (next) {
				if (count > maxParts) throw new MultipartError('malformed', `more than ${maxParts} parts`);
				yield next.part;
				// Whatever the caller left of this file is skipped, so that busboy goes on to the next part.
				next.file?.resume();
				continue;
			}
			if (finished) {
				if (failure) throw failure;
				return;
			}
			await new Promise<void>((resolve) => (wake = resolve));
		}
	} finally {
		body.unpipe(parser);
		if (!body.destroyed) body.destroy();
		for (const file of open) if (!file.destroyed) file.resume();
	}
}
