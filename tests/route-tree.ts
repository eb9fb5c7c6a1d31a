/**
 * The route tree as the browser suites see it: every page (GET), form action (POST ?/name) and
 * +server endpoint method found under src/routes. Shared by the authorization matrix and the fuzz
 * crawl, so a new route is covered by both without being listed anywhere else.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

// Routes and actions on disk
// ---------------------------------------------------------------------------------------------
export const ROUTES_DIR = join(process.cwd(), 'src', 'routes');
const PAGE_FILES = ['+page.svelte', '+page.server.ts', '+page.server.js', '+page.ts', '+page.js'];
const ENDPOINT_FILES = ['+server.ts', '+server.js'];
const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'fallback'];

export interface Entry {
	key: string; // 'GET /route', 'POST /route?/action', or '<METHOD> /route' for a +server endpoint
	routeId: string;
	method: string;
	action?: string; // form action name ('default' for the default action)
	file: string;
}

export function routeIdOf(dir: string): string {
	const rel = relative(ROUTES_DIR, dir);
	return rel ? `/${rel.split(sep).join('/')}` : '/';
}

export function walk(dir: string, found: string[] = []): string[] {
	for (const name of readdirSync(dir).sort()) {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) walk(path, found);
		else found.push(path);
	}
	return found;
}

/** The HTTP methods a +server file exports. */
export function endpointMethods(source: string): string[] {
	const methods = new Set<string>();
	for (const m of source.matchAll(/export\s+(?:const|let|async\s+function|function)\s+([A-Za-z]+)\b/g)) {
		if (HTTP_METHODS.includes(m[1])) methods.add(m[1]);
	}
	for (const m of source.matchAll(/export\s*\{([^}]*)\}/g)) {
		for (const part of m[1].split(',')) {
			const name =
				part
					.trim()
					.split(/\s+as\s+/)
					.pop()
					?.trim() ?? '';
			if (HTTP_METHODS.includes(name)) methods.add(name);
		}
	}
	return [...methods];
}

/**
 * The keys of `export const actions = { … }`, read with a small scanner that knows about strings,
 * template literals, comments and regular expressions, so braces inside action bodies cannot fool it.
 * Returns null when the file declares no actions; throws on shapes it cannot read (spread, computed keys).
 */
export function actionNames(source: string): string[] | null {
	const decl = /export\s+const\s+actions\b[^=]*=\s*/.exec(source);
	if (!decl) return null;
	let i = decl.index + decl[0].length;
	if (source[i] !== '{') throw new Error('`export const actions` is not an object literal');
	const n = source.length;
	const keys: string[] = [];
	let depth = 0;
	let expectKey = false;
	let prev = ''; // previous significant character ('w' after a word)
	let prevWord = '';

	const skipString = (start: number): number => {
		const quote = source[start];
		for (let j = start + 1; j < n; j++) {
			if (source[j] === '\\') j++;
			else if (source[j] === quote) return j;
		}
		throw new Error('unterminated string in actions');
	};
	// Skips a balanced `${ … }` (strings and nested templates inside) and returns the index of its '}'.
	const skipExpression = (start: number): number => {
		let level = 0;
		for (let j = start; j < n; j++) {
			const c = source[j];
			if (c === '"' || c === "'") j = skipString(j);
			else if (c === '`') j = skipTemplate(j);
			else if (c === '{') level++;
			else if (c === '}' && --level === 0) return j;
		}
		throw new Error('unterminated template expression in actions');
	};
	const skipTemplate = (start: number): number => {
		for (let j = start + 1; j < n; j++) {
			if (source[j] === '\\') j++;
			else if (source[j] === '`') return j;
			else if (source[j] === '$' && source[j + 1] === '{') j = skipExpression(j + 1);
		}
		throw new Error('unterminated template literal in actions');
	};
	const skipRegex = (start: number): number => {
		let inClass = false;
		for (let j = start + 1; j < n; j++) {
			const c = source[j];
			if (c === '\\') j++;
			else if (c === '[') inClass = true;
			else if (c === ']') inClass = false;
			else if (c === '/' && !inClass) {
				while (/[a-z]/i.test(source[j + 1] ?? '')) j++;
				return j;
			} else if (c === '\n') break;
		}
		throw new Error('unterminated regular expression in actions');
	};
	const nextSignificant = (from: number): number => {
		let j = from;
		while (j < n && /\s/.test(source[j])) j++;
		return j;
	};

	for (; i < n; i++) {
		const c = source[i];
		if (/\s/.test(c)) continue;
		if (c === '/' && source[i + 1] === '/') {
			const end = source.indexOf('\n', i);
			i = end < 0 ? n : end;
			continue;
		}
		if (c === '/' && source[i + 1] === '*') {
			const end = source.indexOf('*/', i + 2);
			if (end < 0) throw new Error('unterminated comment in actions');
			i = end + 1;
			continue;
		}
		if (c === '"' || c === "'") {
			const end = skipString(i);
			if (depth === 1 && expectKey) {
				keys.push(source.slice(i + 1, end));
				expectKey = false;
			}
			i = end;
			prev = c;
			continue;
		}
		if (c === '`') {
			i = skipTemplate(i);
			prev = '`';
			continue;
		}
		if (c === '/') {
			const regexAllowed =
				prev === '' ||
				'(,=:[!&|?{};+-*%<>~^'.includes(prev) ||
				(prev === 'w' && ['return', 'typeof', 'case', 'in', 'of', 'void', 'await', 'yield'].includes(prevWord));
			if (regexAllowed) i = skipRegex(i);
			prev = '/';
			continue;
		}
		if (c === '{' || c === '(' || c === '[') {
			if (c === '[' && depth === 1 && expectKey)
				throw new Error('computed action names cannot be checked: name each action literally');
			depth++;
			if (depth === 1) expectKey = true;
			prev = c;
			continue;
		}
		if (c === '}' || c === ')' || c === ']') {
			depth--;
			if (depth === 0) return keys;
			prev = c;
			continue;
		}
		if (c === ',') {
			if (depth === 1) expectKey = true;
			prev = c;
			continue;
		}
		if (c === '.' && source.startsWith('...', i) && depth === 1 && expectKey) {
			throw new Error('spread actions cannot be checked: list each action in the object');
		}
		if (/[A-Za-z_$]/.test(c)) {
			let j = i;
			while (j < n && /[\w$]/.test(source[j])) j++;
			let word = source.slice(i, j);
			if (depth === 1 && expectKey) {
				// `async name(…) {…}`, `get name()`: the key is the next word.
				const k = nextSignificant(j);
				if (['async', 'get', 'set'].includes(word) && /[A-Za-z_$]/.test(source[k] ?? '')) {
					let e = k;
					while (e < n && /[\w$]/.test(source[e])) e++;
					word = source.slice(k, e);
					j = e;
				}
				keys.push(word);
				expectKey = false;
			}
			prevWord = word;
			prev = 'w';
			i = j - 1;
			continue;
		}
		prev = c;
	}
	throw new Error('unterminated actions object');
}

export function enumerate(): Entry[] {
	const entries: Entry[] = [];
	const dirs = new Map<string, string[]>();
	for (const file of walk(ROUTES_DIR)) {
		const dir = file.slice(0, file.lastIndexOf(sep));
		dirs.set(dir, [...(dirs.get(dir) ?? []), file.slice(dir.length + 1)]);
	}
	for (const [dir, files] of [...dirs].sort(([a], [b]) => a.localeCompare(b))) {
		const routeId = routeIdOf(dir);
		const page = files.find((f) => PAGE_FILES.includes(f));
		if (page) entries.push({ key: `GET ${routeId}`, routeId, method: 'GET', file: join(dir, page) });
		for (const f of files.filter((f) => /^\+page\.server\.[jt]s$/.test(f))) {
			const file = join(dir, f);
			const names = actionNames(readFileSync(file, 'utf8')) ?? [];
			for (const action of names)
				entries.push({ key: `POST ${routeId}?/${action}`, routeId, method: 'POST', action, file });
		}
		for (const f of files.filter((f) => ENDPOINT_FILES.includes(f))) {
			const file = join(dir, f);
			for (const method of endpointMethods(readFileSync(file, 'utf8')))
				entries.push({ key: `${method} ${routeId}`, routeId, method, file });
		}
	}
	return entries;
}

export const ENTRIES = enumerate();
export const ROUTE_IDS = [...new Set(ENTRIES.map((e) => e.routeId))];
