import { describe, expect, it } from 'vitest';
import { addSecurityHeaders, livekitOrigins } from './security-headers.ts';

const KIT_CSP = "default-src 'self'; script-src 'self' 'nonce-abc'; connect-src 'self'; frame-ancestors 'none'";

describe('addSecurityHeaders', () => {
	it('sets nosniff, no framing, the referrer and permissions policies; HSTS only over https', () => {
		const plain = new Headers();
		addSecurityHeaders(plain, { https: false, livekitUrls: [] });
		expect(plain.get('x-content-type-options')).toBe('nosniff');
		expect(plain.get('x-frame-options')).toBe('DENY');
		expect(plain.get('referrer-policy')).toBe('same-origin');
		expect(plain.get('permissions-policy')).toContain('camera=(self), microphone=(self)');
		expect(plain.get('permissions-policy')).toContain('geolocation=()');
		expect(plain.has('strict-transport-security')).toBe(false);
		const secure = new Headers();
		addSecurityHeaders(secure, { https: true, livekitUrls: [] });
		expect(secure.get('strict-transport-security')).toBe('max-age=31536000');
	});

	it('lets pages reach the LiveKit server, and only it, besides our own origin', () => {
		const headers = new Headers({ 'content-security-policy': KIT_CSP });
		addSecurityHeaders(headers, { https: true, livekitUrls: ['wss://video.club.example:7443'] });
		expect(headers.get('content-security-policy')).toBe(
			"default-src 'self'; script-src 'self' 'nonce-abc'; " +
				"connect-src 'self' wss://video.club.example:7443 https://video.club.example:7443; frame-ancestors 'none'"
		);
		expect(livekitOrigins('ws://127.0.0.1:7880/')).toEqual(['ws://127.0.0.1:7880', 'http://127.0.0.1:7880']);
		expect(livekitOrigins('javascript:alert(1)')).toEqual([]);
		expect(livekitOrigins('not a url')).toEqual([]);
	});

	it('keeps what a route set on purpose (served files have their own sandbox CSP)', () => {
		const headers = new Headers({ 'content-security-policy': 'sandbox', 'referrer-policy': 'no-referrer' });
		addSecurityHeaders(headers, { https: false, livekitUrls: ['ws://127.0.0.1:7880'] });
		expect(headers.get('content-security-policy')).toBe('sandbox');
		expect(headers.get('referrer-policy')).toBe('no-referrer');
	});
});
