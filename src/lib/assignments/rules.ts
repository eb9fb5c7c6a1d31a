/**
 * What a submission may carry, shared by the phone (checks before sending) and the server (which
 * checks again, by content). Images arrive downscaled by the browser; documents as they are.
 */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_FILES = 5;
/** Longest side of a photo after the browser downscales it. */
export const MAX_IMAGE_SIDE = 1600;
export const MAX_TEXT = 4000;

/** Accepted types (as found in the bytes) and the extension a download gets. */
export const ACCEPTED_TYPES: Record<string, string> = {
	'image/jpeg': 'jpg',
	'image/png': 'png',
	'image/webp': 'webp',
	'application/pdf': 'pdf',
	'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
	'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
	'application/vnd.oasis.opendocument.text': 'odt',
	'application/vnd.oasis.opendocument.spreadsheet': 'ods'
};

/** For the file chooser: extensions and types the server will take. */
export const ACCEPT_ATTRIBUTE = [
	...Object.values(ACCEPTED_TYPES).map((ext) => `.${ext}`),
	'.jpeg',
	...Object.keys(ACCEPTED_TYPES)
].join(',');

export const isImageType = (mime: string) => mime === 'image/jpeg' || mime === 'image/png' || mime === 'image/webp';

/** The browser's guess from a name and a claimed type: good enough to warn before sending, never to accept. */
export function looksAccepted(name: string, type: string): boolean {
	if (type && (type in ACCEPTED_TYPES || /^image\//.test(type))) return true;
	const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';
	return ext === 'jpeg' || Object.values(ACCEPTED_TYPES).includes(ext);
}

/** Megabytes, for messages ("10 Mo"). */
export const megabytes = (bytes: number) => Math.round(bytes / (1024 * 1024));
