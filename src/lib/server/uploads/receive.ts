import { fileTypeFromFile } from 'file-type';
import { newId } from '#lib/server/db/ids.ts';
import { DomainError, type MessageKey } from '#lib/server/http/errors.ts';
import { IMAGE_MAX_SIDE, imageSize, imageWithinLimits } from './image-size.ts';
import { isMultipart, MultipartError, readMultipart } from './multipart.ts';
import type { UploadStore } from './store.ts';

/** A file received into the store's tmp directory, checked by content, not yet committed. */
export interface StagedFile {
	id: string;
	/** The form field it came in (e.g. 'photos' for the camera button, 'files' for the chooser). */
	field: string;
	originalName: string;
	/** Found in the bytes. */
	mime: string;
	size: number;
	sha256: string;
	width: number | null;
	height: number | null;
}

/** The columns a row keeps of its one document (an assignment's, a programme block's); all null: none. */
export type DocumentColumns = {
	attachment_id: string | null;
	attachment_name: string | null;
	attachment_mime: string | null;
	attachment_size: number | null;
	attachment_sha256: string | null;
};
export const NO_DOCUMENT: DocumentColumns = {
	attachment_id: null,
	attachment_name: null,
	attachment_mime: null,
	attachment_size: null,
	attachment_sha256: null
};
export const documentColumns = (file: StagedFile): DocumentColumns => ({
	attachment_id: file.id,
	attachment_name: file.originalName,
	attachment_mime: file.mime,
	attachment_size: file.size,
	attachment_sha256: file.sha256
});

export interface ReceivedForm {
	/** Each plain field's last value. */
	fields: Record<string, string>;
	/** Every plain field in the order sent, repeated names included (a list of checkboxes). */
	entries: [name: string, value: string][];
	files: StagedFile[];
}

export interface ReceiveOptions {
	/** Fields that may carry files; a file in any other field is refused. */
	fileFields: string[];
	maxFiles: number;
	maxFileBytes: number;
	/** Types accepted, as found in the bytes. */
	accepted: Record<string, string>;
	/** Bytes of one plain field (text answers are far smaller). */
	maxFieldBytes?: number;
	/** The field under which file refusals are shown. */
	fileErrorField: string;
	signal?: AbortSignal;
}

/** A refusal to show next to a field (`_form` for the whole form), with a message key. */
export class UploadRefused extends DomainError {
	/** The plain fields read, so the form can show again what was typed. */
	fields: Record<string, string> = {};
	/** The same, every value in the order sent (repeated names included). */
	entries: [name: string, value: string][] = [];
	constructor(
		status: 400 | 413 | 415,
		messageKey: MessageKey,
		readonly field: string,
		context?: string
	) {
		super(status, messageKey, context);
	}
}

/** The upload stopped before its end (the sender went away, or stalled): nobody waits for an answer. */
export class UploadAborted extends Error {}

/**
 * Characters that are never part of a name people see: controls (C0, DEL, C1) and the invisible
 * formatting ones, bidirectional overrides and isolates above all ('cv\u202efdp.exe' shows as
 * 'cvexe.pdf'), zero-width characters, and the byte-order mark.
 */
const INVISIBLE =
	// eslint-disable-next-line no-control-regex -- control characters are what this strips
	/[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb"<>]/g;

/** A name to show and to offer on download: no folders, no control or bidi characters, not too long. */
export function cleanFileName(name: string): string {
	const base = name.normalize('NFC').split(/[/\\]/).pop() ?? '';
	const clean = base.replace(INVISIBLE, '').trim().slice(-200);
	return clean || 'document';
}

/**
 * Reads a form post: multipart bodies are streamed (files to the store's tmp directory, with the
 * limits), urlencoded ones (no files: a form sent without JavaScript and without a file) are read
 * whole, small. On any refusal or failure every staged file is deleted before this throws; on
 * success the caller owns the staged files (commit them with `store.promote`, or `discardTemp`).
 */
export async function receiveForm(
	request: Request,
	store: UploadStore,
	options: ReceiveOptions
): Promise<ReceivedForm> {
	const maxFieldBytes = options.maxFieldBytes ?? 64 * 1024;
	const contentType = request.headers.get('content-type');
	const length = Number(request.headers.get('content-length') ?? NaN);
	if (/^application\/x-www-form-urlencoded/i.test(contentType ?? '')) {
		if (length > 4 * maxFieldBytes)
			throw new UploadRefused(413, 'error_bad_request', '_form', `urlencoded body of ${length} bytes`);
		const form = await request.formData();
		const fields: Record<string, string> = {};
		const entries: [string, string][] = [];
		for (const [key, value] of form)
			if (typeof value === 'string') {
				fields[key] = value;
				entries.push([key, value]);
			}
		return { fields, entries, files: [] };
	}
	if (!request.body || !contentType || !isMultipart(contentType))
		throw new UploadRefused(400, 'error_bad_request', '_form', `content-type ${contentType}`);
	// More than every file at its limit: refused before a byte is read.
	if (length > options.maxFiles * options.maxFileBytes + 1024 * 1024) {
		throw new UploadRefused(
			413,
			`assignment_files_too_big|${Math.round((options.maxFiles * options.maxFileBytes) / 1048576)}`,
			options.fileErrorField,
			`body of ${length} bytes`
		);
	}

	const fields: Record<string, string> = {};
	const entries: [string, string][] = [];
	const files: StagedFile[] = [];
	const staged: string[] = [];
	// The first refusal is kept while the rest of the body is read through, so the sender gets the
	// answer instead of a cut connection.
	let refusal: UploadRefused | undefined;
	try {
		for await (const part of readMultipart(request.body, contentType, { maxFieldBytes })) {
			if (options.signal?.aborted) throw new UploadAborted('request aborted');
			if (part.kind === 'field') {
				// After a refusal, fields are still read (to show them again).
				if (part.truncated)
					refusal ??= new UploadRefused(
						413,
						'error_bad_request',
						part.name,
						`field ${part.name} over ${maxFieldBytes} bytes`
					);
				else {
					fields[part.name] = part.value;
					entries.push([part.name, part.value]);
				}
				continue;
			}
			if (refusal) continue;
			if (!options.fileFields.includes(part.name)) {
				refusal = new UploadRefused(400, 'error_bad_request', '_form', `file in field ${part.name}`);
				continue;
			}
			const id = newId();
			staged.push(id);
			const written = await store.writeTemp(id, part.body, options.maxFileBytes);
			// An empty file input still sends a part: no name, no bytes.
			if (!written.tooBig && written.size === 0 && part.filename === '') {
				await store.discardTemp([id]);
				continue;
			}
			if (written.tooBig) {
				refusal = new UploadRefused(
					413,
					`assignment_file_too_big|${Math.round(options.maxFileBytes / 1048576)}`,
					options.fileErrorField,
					`${part.filename}: over ${options.maxFileBytes} bytes`
				);
				continue;
			}
			if (files.length >= options.maxFiles) {
				refusal = new UploadRefused(
					413,
					`assignment_too_many_files|${options.maxFiles}`,
					options.fileErrorField,
					`more than ${options.maxFiles} files`
				);
				continue;
			}
			const type = await fileTypeFromFile(store.tmpPath(id));
			if (!type || !(type.mime in options.accepted)) {
				refusal = new UploadRefused(
					415,
					'assignment_file_type',
					options.fileErrorField,
					`${part.filename}: ${type?.mime ?? 'unknown type'}`
				);
				continue;
			}
			const size = type.mime.startsWith('image/') ? imageSize(written.head) : null;
			// A header claiming 50000×50000 is a decompression bomb for any viewer: capped before storing,
			// and an image whose size cannot be read from its first bytes is not stored either.
			if (type.mime.startsWith('image/') && !imageWithinLimits(size)) {
				refusal = new UploadRefused(
					415,
					`harden_image_too_large|${IMAGE_MAX_SIDE}`,
					options.fileErrorField,
					`${part.filename}: ${size ? `${size.width}×${size.height}` : 'no readable size'}`
				);
				continue;
			}
			files.push({
				id,
				field: part.name,
				originalName: cleanFileName(part.filename),
				mime: type.mime,
				size: written.size,
				sha256: written.sha256,
				width: size?.width ?? null,
				height: size?.height ?? null
			});
		}
		if (options.signal?.aborted) throw new UploadAborted('request aborted');
		if (refusal) {
			refusal.fields = fields;
			refusal.entries = entries;
			throw refusal;
		}
		return { fields, entries, files };
	} catch (e) {
		await store.discardTemp(staged);
		if (e instanceof DomainError) throw e;
		// BODY_SIZE_LIMIT of adapter-node: the whole body was too big.
		if ((e as { status?: number })?.status === 413) {
			throw new UploadRefused(
				413,
				`assignment_files_too_big|${Math.round((options.maxFiles * options.maxFileBytes) / 1048576)}`,
				options.fileErrorField,
				String(e)
			);
		}
		if (e instanceof MultipartError && e.kind === 'malformed' && !options.signal?.aborted) {
			throw new UploadRefused(400, 'error_bad_request', '_form', e.message);
		}
		throw new UploadAborted(String((e as Error)?.message ?? e), { cause: e });
	}
}
