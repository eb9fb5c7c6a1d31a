// The JavaScript a page loads before it runs (gzip), read from the last build's client manifest
// (`npm run build` first): Kit's entry, the root layout, the page's node and every chunk they import
// statically. Chunks loaded later (dynamic imports: LiveRoom with livekit-client, the notes editor with
// Yjs) are printed apart, with what they add. Usage: tsx bench/page-weight.ts
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

type Chunk = { file: string; imports?: string[]; dynamicImports?: string[]; isEntry?: boolean; name?: string };

const client = '.svelte-kit/output/client';
const manifest = JSON.parse(readFileSync(join(client, '.vite/manifest.json'), 'utf8')) as Record<string, Chunk>;
const nodesDir = '.svelte-kit/generated/client-optimized/nodes';
const gz = new Map<string, number>();
const size = (key: string) => {
	const file = manifest[key].file;
	if (!gz.has(file)) gz.set(file, gzipSync(readFileSync(join(client, file)), { level: 9 }).length);
	return gz.get(file)!;
};

/** The manifest key of the generated node that loads `route` (e.g. 'src/routes/me/+page.svelte'). */
function nodeOf(route: string): string {
	for (const file of readdirSync(nodesDir)) {
		if (readFileSync(join(nodesDir, file), 'utf8').includes(route)) return `${nodesDir}/${file}`;
	}
	throw new Error(`no node loads ${route}`);
}

function closure(keys: string[]): Set<string> {
	const seen = new Set<string>();
	const walk = (key: string) => {
		if (seen.has(key)) return;
		seen.add(key);
		for (const next of manifest[key].imports ?? []) walk(next);
	};
	keys.forEach(walk);
	return seen;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
const total = (keys: Iterable<string>) => [...keys].reduce((sum, key) => sum + size(key), 0);
// Kit's own entries (app and start) and the root layout: loaded by every page.
const base = [
	...Object.keys(manifest).filter((key) => manifest[key].isEntry && manifest[key].name?.startsWith('entry/')),
	`${nodesDir}/0.js`
];

const pages = {
	'/me': 'src/routes/me/+page.svelte',
	'/rooms/<activityId>': 'src/routes/rooms/[activityId]/+page.svelte'
};
console.log('JavaScript before the page runs (gzip -9, static imports):');
for (const [path, route] of Object.entries(pages)) {
	const loaded = closure([...base, nodeOf(route)]);
	// Yjs prints this warning from its own module: present in a chunk exactly when Yjs was bundled into it.
	const yjs = [...loaded].some((key) =>
		readFileSync(join(client, manifest[key].file), 'utf8').includes('Yjs was already imported')
	);
	console.log(`  ${path.padEnd(22)} ${kb(total(loaded)).padStart(9)}  (${loaded.size} files; Yjs in it: ${yjs})`);
	for (const lazy of new Set([...loaded].flatMap((key) => manifest[key].dynamicImports ?? []))) {
		if (!lazy.startsWith('src/lib/components/room/')) continue;
		const extra = [...closure([lazy])].filter((key) => !loaded.has(key));
		console.log(`    + later ${lazy.split('/').pop()!.padEnd(22)} ${kb(total(extra)).padStart(9)}`);
	}
}
