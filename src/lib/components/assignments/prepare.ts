import libURL from 'browser-image-compression/dist/browser-image-compression.js?url';
import { isImageType, looksAccepted } from '#lib/assignments/rules.ts';

export type Prepared = { ok: true; file: File } | { ok: false; reason: 'type' | 'size' | 'unreadable' };

const PHOTO = /\.(jpe?g|png|webp|heic|heif|gif|bmp)$/i;

/**
 * Gets a chosen file ready to send: a photo is downscaled in the browser (long side at most
 * `maxSide`, JPEG), which spares the person's data plan; a document is sent as it is. What the
 * server would refuse is said now, before a byte leaves the phone.
 */
export async function prepareFile(
	file: File,
	limits: { maxImageSide: number; maxFileBytes: number },
	onProgress?: (percent: number) => void
): Promise<Prepared> {
	const photo = file.type.startsWith('image/') || (!file.type && PHOTO.test(file.name));
	if (!photo && !looksAccepted(file.name, file.type)) return { ok: false, reason: 'type' };
	let prepared = file;
	if (photo) {
		try {
			const { default: imageCompression } = await import('browser-image-compression');
			const jpeg = await imageCompression(file, {
				maxWidthOrHeight: limits.maxImageSide,
				fileType: 'image/jpeg',
				initialQuality: 0.8,
				// The worker loads the library from our own server, never from a CDN.
				useWebWorker: true,
				libURL: new URL(libURL, location.href).href,
				onProgress
			});
			prepared = new File([jpeg], `${file.name.replace(/\.[^.]*$/, '') || 'photo'}.jpg`, {
				type: 'image/jpeg',
				lastModified: file.lastModified
			});
		} catch {
			return { ok: false, reason: 'unreadable' };
		}
	}
	if (prepared.size > limits.maxFileBytes) return { ok: false, reason: 'size' };
	if (photo && !isImageType(prepared.type)) return { ok: false, reason: 'type' };
	return { ok: true, file: prepared };
}
