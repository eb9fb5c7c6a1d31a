import { describe, expect, it } from 'vitest';
import { m } from '#lib/paraglide/messages.js';
import * as validation from './validation.ts';

// Every schema module of the server, as the routes import them.
const modules: Record<string, Record<string, unknown>> = {
	...import.meta.glob<Record<string, unknown>>('/src/lib/server/**/schemas.ts', { eager: true }),
	'validation.ts': validation
};

/** The messages a valibot schema (or a module's exports) can give, with where each comes from. */
function messagesOf(node: unknown, path: string, seen: Set<unknown>, found: [string, string][]) {
	if (!node || typeof node !== 'object' || seen.has(node)) return;
	seen.add(node);
	const record = node as Record<string, unknown>;
	if (typeof record.message === 'string') found.push([path, record.message]);
	for (const [key, child] of Object.entries(record)) {
		if (key === 'message' || key === '~standard' || key === '~run' || key === '~types') continue;
		if (Array.isArray(child)) child.forEach((c, i) => messagesOf(c, `${path}.${key}[${i}]`, seen, found));
		else messagesOf(child, `${path}.${key}`, seen, found);
	}
}

describe('schema messages', () => {
	const found: [string, string][] = [];
	for (const [file, exports] of Object.entries(modules)) {
		for (const [name, value] of Object.entries(exports)) messagesOf(value, `${file}:${name}`, new Set(), found);
	}

	it('walks the schemas of every module', () => {
		expect(Object.keys(modules).length).toBeGreaterThan(10);
		expect(found.length).toBeGreaterThan(100);
	});

	it('are messages of the catalogue (a typo would show the generic error)', () => {
		const missing = found.filter(([, key]) => !(key.split('|')[0] in m)).map(([where, key]) => `${where}: ${key}`);
		expect(missing).toEqual([]);
	});
});
