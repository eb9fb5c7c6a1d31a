import { describe, expect, it } from 'vitest';
import { isMultipart, MultipartError, readMultipart } from './multipart.ts';

/** A form as the browser encodes it, cut into chunks of `size` bytes (1 = the worst case for delimiters). */
async function encoded(form: FormData, size: number) {
	const request = new Request('http://x/', { method: 'POST', body: form });
	const bytes = Buffer.from(await request.arrayBuffer());
	return { bytes, contentType: request.headers.get('content-type')!, stream: chunked(bytes, size) };
}

function chunked(bytes: Buffer, size: number, failAt?: number): ReadableStream<Uint8Array> {
	let at = 0;
	return new ReadableStream({
		pull(controller) {
			if (failAt !== undefined && at >= failAt) return controller.error(new Error('aborted'));
			if (at >= bytes.length) return controller.close();
			controller.enqueue(bytes.subarray(at, at + size));
			at += size;
		}
	});
}

async function collect(
	stream: ReadableStream<Uint8Array>,
	contentType: string,
	skip: string[] = [],
	options: Parameters<typeof readMultipart>[2] = {}
) {
	const parts: { name: string; filename: string | null; contentType: string; data: string }[] = [];
	for await (const part of readMultipart(stream, contentType, options)) {
		if (part.kind === 'field') {
			parts.push({ name: part.name, filename: null, contentType: 'text/plain', data: part.value });
			continue;
		}
		if (skip.includes(part.name)) {
			parts.push({ name: part.name, filename: part.filename, contentType: part.contentType, data: '(skipped)' });
			continue;
		}
		const chunks: Uint8Array[] = [];
		for await (const c of part.body) chunks.push(c);
		parts.push({
			name: part.name,
			filename: part.filename,
			contentType: part.contentType,
			data: Buffer.concat(chunks).toString('utf8')
		});
	}
	return parts;
}

const typeOf = (boundary: string) => `multipart/form-data; boundary=${boundary}`;

const form = () => {
	const f = new FormData();
	f.append('text', 'Bonjour,\r\n--voici mon CV « final » ✓');
	f.append('files', new File(['%PDF-1.4 contenu\r\n--\r\n'], 'mon CV.pdf', { type: 'application/pdf' }));
	f.append('files', new File([], ''));
	f.append('photos', new File(['\r\n'.repeat(3000)], 'photo.jpg', { type: 'image/jpeg' }));
	return f;
};

describe('readMultipart (busboy)', () => {
	it('reads fields and files whatever the chunking, including bytes that look like a delimiter', async () => {
		for (const size of [1, 7, 64, 65536]) {
			const { contentType, stream } = await encoded(form(), size);
			const parts = await collect(stream, contentType);
			expect(parts.map((p) => [p.name, p.filename, p.contentType])).toEqual([
				['text', null, 'text/plain'],
				['files', 'mon CV.pdf', 'application/pdf'],
				// A file input left empty: a file part with an empty name and no bytes (the upload reader skips it).
				['files', '', 'application/octet-stream'],
				['photos', 'photo.jpg', 'image/jpeg']
			]);
			expect(parts[0].data).toBe('Bonjour,\r\n--voici mon CV « final » ✓');
			expect(parts[1].data).toBe('%PDF-1.4 contenu\r\n--\r\n');
			expect(parts[2].data).toBe('');
			expect(parts[3].data).toBe('\r\n'.repeat(3000));
		}
	});

	it('skips a file its reader leaves unread, and goes on to the next part', async () => {
		const { contentType, stream } = await encoded(form(), 13);
		const parts = await collect(stream, contentType, ['files']);
		expect(parts.map((p) => p.data)).toEqual([
			'Bonjour,\r\n--voici mon CV « final » ✓',
			'(skipped)',
			'(skipped)',
			'\r\n'.repeat(3000)
		]);
	});

	it('tells a body cut short from a malformed one, and passes on a stream that fails', async () => {
		const { bytes, contentType } = await encoded(form(), 1);
		const cut = collect(chunked(bytes.subarray(0, bytes.length - 40), 100), contentType);
		await expect(cut).rejects.toBeInstanceOf(MultipartError);
		await expect(cut).rejects.toMatchObject({ kind: 'truncated' });
		await expect(collect(chunked(bytes, 100, 300), contentType)).rejects.toThrow('aborted');
		// No boundary anywhere in the body: never a form.
		await expect(collect(chunked(Buffer.from('bonjour'), 3), typeOf('b'))).rejects.toMatchObject({
			kind: 'malformed'
		});
		// A content type without a boundary.
		await expect(collect(chunked(bytes, 100), 'multipart/form-data')).rejects.toMatchObject({ kind: 'malformed' });
	});

	it('gives up on a body that stalls', async () => {
		const stalled = new ReadableStream<Uint8Array>({
			start: (c) => c.enqueue(Buffer.from('--b\r\nContent-Disposition: form-data; name="a"; filename="a.txt"\r\n\r\nx'))
		});
		const parts = readMultipart(stalled, typeOf('b'), { idleMs: 50 });
		await expect(
			(async () => {
				for await (const p of parts) if (p.kind === 'file') for await (const _ of p.body) void _;
			})()
		).rejects.toMatchObject({ kind: 'stalled', message: expect.stringMatching(/no data/) });
	});

	it('reads UTF-8 file names (filename*), cuts long fields, refuses too many parts or endless headers', async () => {
		const body =
			'--b\r\nContent-Disposition: form-data; name="f"; filename="x.pdf"; filename*=UTF-8\'\'r%C3%A9sum%C3%A9.pdf\r\n\r\nabc\r\n--b--\r\n';
		expect((await collect(chunked(Buffer.from(body), 5), typeOf('b')))[0]).toMatchObject({
			filename: 'résumé.pdf',
			data: 'abc'
		});
		const long = `--b\r\nContent-Disposition: form-data; name="t"\r\n\r\n${'é'.repeat(100)}\r\n--b--\r\n`;
		const read: { value: string; truncated: boolean }[] = [];
		for await (const p of readMultipart(chunked(Buffer.from(long), 7), typeOf('b'), { maxFieldBytes: 50 }))
			if (p.kind === 'field') read.push({ value: p.value, truncated: p.truncated });
		expect(read).toHaveLength(1);
		expect(read[0].truncated).toBe(true);
		const many =
			Array.from({ length: 4 }, (_, i) => `--b\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\nv\r\n`).join('') +
			'--b--';
		await expect(collect(chunked(Buffer.from(many), 1000), typeOf('b'))).resolves.toHaveLength(4);
		await expect(collect(chunked(Buffer.from(many), 1000), typeOf('b'), [], { maxParts: 3 })).rejects.toThrow(
			/more than 3 parts/
		);
		const endless = `--b\r\nContent-Disposition: form-data; name="a"\r\nX-Pad: ${'y'.repeat(20000)}\r\n\r\nv\r\n--b--`;
		await expect(collect(chunked(Buffer.from(endless), 1000), typeOf('b'))).rejects.toMatchObject({
			kind: 'malformed'
		});
	});

	it('knows a multipart content type with its boundary', () => {
		expect(isMultipart('multipart/form-data; boundary=----abc')).toBe(true);
		expect(isMultipart('multipart/form-data; charset=utf-8; boundary="a b"')).toBe(true);
		expect(isMultipart('multipart/form-data')).toBe(false);
		expect(isMultipart('application/json')).toBe(false);
		expect(isMultipart(null)).toBe(false);
	});
});
