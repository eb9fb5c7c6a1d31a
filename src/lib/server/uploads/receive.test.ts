import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { ACCEPTED_TYPES } from '#lib/assignments/rules.ts';
import { cleanFileName, receiveForm, UploadAborted, UploadRefused, type ReceiveOptions } from './receive.ts';
import { UploadStore } from './store.ts';
import { docxBytes, jpegHeader, pdfBytes, pngBytes } from './test-files.ts';

const dir = mkdtempSync(join(tmpdir(), 'tablee-uploads-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const store = new UploadStore(dir);
const options: ReceiveOptions = {
	fileFields: ['files', 'photos'],
	maxFiles: 3,
	maxFileBytes: 4096,
	accepted: ACCEPTED_TYPES,
	fileErrorField: 'files'
};
const leftovers = () => [...readdirSync(store.tmpDir), ...readdirSync(dir).filter((n) => n !== 'tmp')];

const post = (form: FormData) => new Request('http://x/', { method: 'POST', body: form });
const file = (bytes: Buffer, name: string, type = '') => new File([new Uint8Array(bytes)], name, { type });

async function refusal(work: Promise<unknown>) {
	try {
		await work;
		return 'accepted';
	} catch (e) {
		if (e instanceof UploadRefused) return { status: e.status, key: e.messageKey, field: e.field };
		if (e instanceof UploadAborted) return 'aborted';
		throw e;
	}
}

describe('receiveForm', () => {
	it('stages files checked by content, with hash and image size, and reads the fields', async () => {
		const form = new FormData();
		form.append('text', 'Mon CV');
		form.append('photos', file(pngBytes(40, 30), 'IMG_0001.png', 'image/png'));
		// The claimed type and name are not trusted: the bytes say JPEG.
		form.append('files', file(jpegHeader(1600, 1200), '../../etc/passwd', 'application/pdf'));
		form.append('files', file(docxBytes(), 'lettre.docx'));
		const { fields, files } = await receiveForm(post(form), store, options);
		expect(fields).toEqual({ text: 'Mon CV' });
		expect(files.map((f) => [f.field, f.originalName, f.mime, f.width, f.height])).toEqual([
			['photos', 'IMG_0001.png', 'image/png', 40, 30],
			['files', 'passwd', 'image/jpeg', 1600, 1200],
			['files', 'lettre.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', null, null]
		]);
		const staged = readFileSync(store.tmpPath(files[0].id));
		expect(files[0].sha256).toBe(createHash('sha256').update(staged).digest('hex'));
		expect(files[0].size).toBe(staged.length);
		await store.promote(files.map((f) => f.id));
		expect(readdirSync(store.tmpDir)).toEqual([]);
		await store.remove(files.map((f) => f.id));
		expect(leftovers()).toEqual([]);
	});

	it('refuses a file over the limit, too many files, a forbidden type, and leaves no file behind', async () => {
		const big = new FormData();
		big.append('files', file(pdfBytes(), 'ok.pdf'));
		big.append('files', file(pdfBytes(5000), 'gros.pdf'));
		expect(await refusal(receiveForm(post(big), store, options))).toEqual({
			status: 413,
			key: 'assignment_file_too_big|0',
			field: 'files'
		});
		const many = new FormData();
		for (let i = 0; i < 4; i++) many.append('files', file(pdfBytes(), `${i}.pdf`));
		expect(await refusal(receiveForm(post(many), store, options))).toEqual({
			status: 413,
			key: 'assignment_too_many_files|3',
			field: 'files'
		});
		const exe = new FormData();
		exe.append('files', file(Buffer.concat([Buffer.from('MZ'), Buffer.alloc(300)]), 'cv.pdf', 'application/pdf'));
		expect(await refusal(receiveForm(post(exe), store, options))).toEqual({
			status: 415,
			key: 'assignment_file_type',
			field: 'files'
		});
		const html = new FormData();
		html.append('files', file(Buffer.from('<html><script>alert(1)</script></html>'), 'page.html', 'text/html'));
		expect(await refusal(receiveForm(post(html), store, options))).toMatchObject({ status: 415 });
		const elsewhere = new FormData();
		elsewhere.append('avatar', file(pngBytes(2, 2), 'a.png'));
		expect(await refusal(receiveForm(post(elsewhere), store, options))).toMatchObject({ status: 400, field: '_form' });
		expect(leftovers()).toEqual([]);
	});

	it('refuses images whose header claims more than 10,000 px a side or 40 MP, and stores nothing', async () => {
		/** A real small PNG whose IHDR then claims another size (what a decompression bomb does). */
		const claiming = (width: number, height: number) => {
			const png = pngBytes(2, 2);
			png.writeUInt32BE(width, 16);
			png.writeUInt32BE(height, 20);
			return png;
		};
		for (const bytes of [
			claiming(50_000, 50_000),
			claiming(2 ** 32 - 1, 2 ** 32 - 1),
			claiming(10_001, 10),
			jpegHeader(65_535, 65_535),
			jpegHeader(9_000, 9_000)
		]) {
			const form = new FormData();
			form.append('photos', file(bytes, 'photo.png'));
			expect(await refusal(receiveForm(post(form), store, options))).toEqual({
				status: 415,
				key: 'harden_image_too_large|10000',
				field: 'files'
			});
		}
		expect(leftovers()).toEqual([]);
		// At the limits, still accepted.
		const fine = new FormData();
		fine.append('photos', file(jpegHeader(10_000, 4_000), 'large.jpg'));
		const { files } = await receiveForm(post(fine), store, options);
		expect(files.map((f) => [f.width, f.height])).toEqual([[10_000, 4_000]]);
		await store.discardTemp(files.map((f) => f.id));
	});

	it('strips bidi overrides, invisible and control characters from file names', () => {
		expect(cleanFileName('cv\u202efdp.exe')).toBe('cvfdp.exe');
		expect(cleanFileName('cv\u2067fdp\u2069.exe')).toBe('cvfdp.exe');
		expect(cleanFileName('fac\u200bture\u0000.pdf\u0085')).toBe('facture.pdf');
		expect(cleanFileName('\ufeff../..\\lettre de motivation.docx')).toBe('lettre de motivation.docx');
		expect(cleanFileName('\u202e\u202d')).toBe('document');
		expect(cleanFileName('Événement à Paris.pdf')).toBe('Événement à Paris.pdf');
	});

	it('refuses a declared length over every limit before reading, and a body that is not a form', async () => {
		const request = new Request('http://x/', {
			method: 'POST',
			body: 'x',
			headers: { 'content-type': 'multipart/form-data; boundary=b', 'content-length': String(2 * 1024 * 1024) }
		});
		expect(await refusal(receiveForm(request, store, options))).toMatchObject({ status: 413 });
		const json = new Request('http://x/', {
			method: 'POST',
			body: '{}',
			headers: { 'content-type': 'application/json' }
		});
		expect(await refusal(receiveForm(json, store, options))).toMatchObject({ status: 400, key: 'error_bad_request' });
		const plain = new Request('http://x/', { method: 'POST', body: new URLSearchParams({ text: 'sans fichier' }) });
		expect(await receiveForm(plain, store, options)).toEqual({
			fields: { text: 'sans fichier' },
			entries: [['text', 'sans fichier']],
			files: []
		});
	});

	it('an upload cut off halfway leaves nothing behind', async () => {
		const form = new FormData();
		form.append('text', 'Mon CV');
		form.append('files', file(pdfBytes(3000), 'cv.pdf'));
		form.append('files', file(pdfBytes(3000), 'lettre.pdf'));
		const bytes = Buffer.from(await post(form).arrayBuffer());
		const contentType = post(form).headers.get('content-type')!;
		let sent = 0;
		const body = new ReadableStream<Uint8Array>({
			pull(controller) {
				// The connection drops in the middle of the second file.
				if (sent > bytes.length * 0.7) return controller.error(new Error('aborted'));
				controller.enqueue(bytes.subarray(sent, sent + 500));
				sent += 500;
			}
		});
		const request = new Request('http://x/', {
			method: 'POST',
			body,
			headers: { 'content-type': contentType },
			duplex: 'half'
		} as RequestInit);
		expect(await refusal(receiveForm(request, store, options))).toBe('aborted');
		expect(leftovers()).toEqual([]);
	});
});
