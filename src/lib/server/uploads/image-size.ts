/**
 * Width and height of a JPEG, PNG or WebP from its first bytes (the JPEG frame header, the PNG
 * IHDR chunk, the WebP VP8/VP8L/VP8X header). Null when the bytes do not say.
 */
export function imageSize(bytes: Uint8Array): { width: number; height: number } | null {
	const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	if (b.length >= 24 && b.readUInt32BE(0) === 0x89504e47 && b.toString('latin1', 12, 16) === 'IHDR') {
		return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
	}
	if (b.length >= 30 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') {
		const chunk = b.toString('latin1', 12, 16);
		if (chunk === 'VP8 ') return { width: b.readUInt16LE(26) & 0x3fff, height: b.readUInt16LE(28) & 0x3fff };
		if (chunk === 'VP8L') {
			const bits = b.readUInt32LE(21);
			return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
		}
		if (chunk === 'VP8X') return { width: b.readUIntLE(24, 3) + 1, height: b.readUIntLE(27, 3) + 1 };
		return null;
	}
	if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) return jpegSize(b);
	return null;
}

/** Walks the JPEG segments to the first frame header (SOF0–SOF15, except DHT, JPG and DAC). */
function jpegSize(b: Buffer): { width: number; height: number } | null {
	let at = 2;
	while (at + 9 < b.length) {
		if (b[at] !== 0xff) return null;
		const marker = b[at + 1];
		if (marker === 0xff) {
			at++; // fill byte
			continue;
		}
		if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
			at += 2; // markers without a length
			continue;
		}
		if (marker === 0xd9 || marker === 0xda) return null; // end of image, or scan data before any frame
		const length = b.readUInt16BE(at + 2);
		if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
			return { height: b.readUInt16BE(at + 5), width: b.readUInt16BE(at + 7) };
		}
		at += 2 + length;
	}
	return null;
}

/** The largest image side we store, and the most pixels (a 40-megapixel phone photo is 7,700 × 5,200). */
export const IMAGE_MAX_SIDE = 10_000;
export const IMAGE_MAX_PIXELS = 40_000_000;

/** An image any phone can show without running out of memory; false when its size is not known. */
export function imageWithinLimits(size: { width: number; height: number } | null): boolean {
	if (!size || size.width < 1 || size.height < 1) return false;
	return size.width <= IMAGE_MAX_SIDE && size.height <= IMAGE_MAX_SIDE && size.width * size.height <= IMAGE_MAX_PIXELS;
}
