import { describe, expect, it } from 'vitest';
import { imageSize } from './image-size.ts';
import { jpegHeader, pdfBytes, pngBytes } from './test-files.ts';

describe('imageSize', () => {
	it('reads JPEG, PNG and WebP sizes from their headers', () => {
		expect(imageSize(jpegHeader(1600, 1200))).toEqual({ width: 1600, height: 1200 });
		expect(imageSize(pngBytes(30, 20))).toEqual({ width: 30, height: 20 });
		const vp8x = Buffer.alloc(30);
		vp8x.write('RIFF', 0, 'latin1');
		vp8x.write('WEBPVP8X', 8, 'latin1');
		vp8x.writeUIntLE(1599, 24, 3);
		vp8x.writeUIntLE(899, 27, 3);
		expect(imageSize(vp8x)).toEqual({ width: 1600, height: 900 });
	});

	it('says nothing of what is not an image or is cut short', () => {
		expect(imageSize(pdfBytes())).toBeNull();
		expect(imageSize(jpegHeader(10, 10).subarray(0, 12))).toBeNull();
		expect(imageSize(new Uint8Array())).toBeNull();
	});
});
