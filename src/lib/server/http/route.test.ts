import { describe, expect, it } from 'vitest';
import { safeNext } from './route.ts';

describe('safeNext', () => {
	it('keeps paths of our own origin', () => {
		expect(safeNext('/me', '/')).toBe('/me');
		expect(safeNext('/cohorts/abc?tab=2#x', '/')).toBe('/cohorts/abc?tab=2#x');
		expect(safeNext('/café', '/')).toBe('/caf%C3%A9');
	});

	it.each([
		'//evil.example',
		'/\t/evil.example',
		'/\n/evil.example',
		'/\r/evil.example',
		'/\u3000/evil.example',
		'/\\evil.example',
		'/%09/x\u0000',
		'/x\u202e',
		'https://evil.example/',
		'evil.example',
		'javascript:alert(1)',
		' /me',
		''
	])('refuses %j', (next) => {
		expect(safeNext(next, '/fallback')).toBe('/fallback');
	});

	it('always gives a value a Location header can carry', () => {
		for (const next of ['/a b', '/é', '/a\u0085b', '/\u2028']) {
			expect(() => new Headers({ location: safeNext(next, '/') })).not.toThrow();
		}
	});
});
