import { describe, expect, it } from 'vitest';
import { boundaryOf, MultipartError, readMultipart } from './multipart.ts';

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

async function collect(stream: ReadableStream<Uint8Array>, boundary: string, skip: string[] = []) {
	const parts: { name: string; filename: string | null; contentType: string; data: string }[] = [];
	for await (const part of readMultipart(stream, boundary)) {
		if (skip.includes(part.name)) {
			parts.push({ ...part, data: '(skipped)' });
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

const form = () => {
	const f = new FormData();
	f.append('text', 'Bonjour,\r\n--voici mon CV « final » ✓');
	f.append('files', new File(['%PDF-1.4 contenu\r\n--\r\n'], 'mon CV.pdf', { type: 'application/pdf' }));
	f.append('files', new File([], ''));
	f.append('photos', new File(['\r\n'.repeat(3000)], 'photo.jpg', { type: 'image/jpeg' }));
	return f;
};

describe('readMultipart', () => {
	it('reads fields and files whatever the chunking, including bytes that look like a delimiter', async () => {
		for (const size of [1, 7, 64, 65536]) {
			const { contentType, stream } = await encoded(form(), size);
			const parts = await collect(stream, boundaryOf(contentType)!);
			expect(parts.map((p) => [p.name, p.filename, p.contentType])).toEqual([
				['text', null, 'text/plain'],
				['files', 'mon CV.pdf', 'application/pdf'],
				// Node's encoder leaves out an empty file name; browsers send filename="" (see below).
				['files', null, 'application/octet-stream'],
				['photos', 'photo.jpg', 'image/jpeg']
			]);
			expect(parts[0].data).toBe('Bonjour,\r\n--voici mon CV « final » ✓');
			expect(parts[1].data).toBe('%PDF-1.4 contenu\r\n--\r\n');
			expect(parts[2].data).toBe('');
			expect(parts[3].data).toBe('\r\n'.repeat(3000));
		}
	});

	it('skips a part its reader leaves unread', async () => {
		const { contentType, stream } = await encoded(form(), 13);
		const parts = await collect(stream, boundaryOf(contentType)!, ['files']);
		expect(parts.map((p) => p.data)).toEqual([
			'Bonjour,\r\n--voici mon CV « final » ✓',
			'(skipped)',
			'(skipped)',
			'\r\n'.repeat(3000)
		]);
	});

	it('refuses a body cut short, and passes on a stream that fails', async () => {
		const { bytes, contentType } = await encoded(form(), 1);
		const boundary = boundaryOf(contentType)!;
		await expect(collect(chunked(bytes.subarray(0, bytes.length - 40), 100), boundary)).rejects.toBeInstanceOf(
			MultipartError
		);
		await expect(collect(chunked(bytes, 100, 300), boundary)).rejects.toThrow('aborted');
	});

	it('gives up on a body that stalls', async () => {
		const stalled = new ReadableStream<Uint8Array>({
			start: (c) => c.enqueue(Buffer.from('--b\r\nContent-Disposition: form-data; name="a"\r\n\r\nx'))
		});
		const parts = readMultipart(stalled, 'b', { idleMs: 50 });
		await expect(
			(async () => {
				for await (const p of parts) for await (const _ of p.body) void _;
			})()
		).rejects.toThrow(/no data/);
	});

	it('reads UTF-8 file names (filename*) and refuses too many parts or endless headers', async () => {
		const body =
			'--b\r\nContent-Disposition: form-data; name="f"; filename="x.pdf"; filename*=UTF-8\'\'r%C3%A9sum%C3%A9.pdf\r\n\r\nabc\r\n--b--\r\n';
		expect((await collect(chunked(Buffer.from(body), 5), 'b'))[0]).toMatchObject({
			filename: 'résumé.pdf',
			data: 'abc'
		});
		const empty =
			'--b\r\nContent-Disposition: form-data; name="files"; filename=""\r\nContent-Type: application/octet-stream\r\n\r\n\r\n--b--\r\n';
		expect(await collect(chunked(Buffer.from(empty), 3), 'b')).toEqual([
			{ name: 'files', filename: '', contentType: 'application/octet-stream', data: '' }
		]);
		const many =
			Array.from({ length: 4 }, (_, i) => `--b\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\nv\r\n`).join('') +
			'--b--';
		await expect(collect(chunked(Buffer.from(many), 1000), 'b')).resolves.toHaveLength(4);
		await expect(
			(async () => {
				for await (const p of readMultipart(chunked(Buffer.from(many), 1000), 'b', { maxParts: 3 })) void p;
			})()
		).rejects.toThrow(/more than 3 parts/);
		const endless = `--b\r\nContent-Disposition: form-data; name="a"\r\nX-Pad: ${'y'.repeat(20000)}\r\n\r\nv\r\n--b--`;
		await expect(collect(chunked(Buffer.from(endless), 1000), 'b')).rejects.toThrow(/headers too long/);
	});

	it('finds the boundary of a multipart content type only', () => {
		expect(boundaryOf('multipart/form-data; boundary=----abc')).toBe('----abc');
		expect(boundaryOf('multipart/form-data; charset=utf-8; boundary="a b"')).toBe('a b');
		expect(boundaryOf('application/json')).toBeNull();
		expect(boundaryOf(null)).toBeNull();
	});
});
