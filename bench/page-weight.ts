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
		if (readFileSync(join(nodesDir, file), 'utf8').includes(`/${route}"`)) return `${nodesDir}/${file}`;
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

const kb = (bytes: number) => (bytes / 1000).toFixed(1);
const total = (keys: Iterable<string>) => [...keys].reduce((sum, key) => sum + size(key), 0);
// Kit's own entries (app and start) and the root layout: loaded by every page.
const base = [
	...Object.keys(manifest).filter((key) => manifest[key].isEntry && manifest[key].name?.startsWith('entry/')),
	`${nodesDir}/0.js`
];

// Every page a participant opens (issue 11: ≤ 60 kB of JavaScript and ≤ 20 requests each), the room
// (issue 15: ≤ 170 kB with livekit-client) and three staff pages for comparison.
const PARTICIPANT = [
	'me',
	'me/start',
	'me/skills',
	'me/goals',
	'me/autonomy',
	'me/profile',
	'me/questionnaire',
	'me/outcomes',
	'me/assignments/[assignmentId]',
	'account',
	'notifications',
	'cohorts/[cohortId]/feed',
	'salon/[cohortId]',
	'checkin/[activityId]/[code]',
	'invite/[token]',
	'login',
	'rooms/[activityId]'
];
const STAFF = ['cohorts', 'cohorts/[cohortId]', 'insights'];

console.log('JavaScript before the page runs (gzip -9, static imports; kB = 1,000 bytes):');
console.log(
	`  ${'page'.padEnd(32)} ${'kB'.padStart(7)} ${'files'.padStart(5)}  budget (JavaScript files; all requests: bench/slow-network.ts)`
);
for (const path of [...PARTICIPANT, ...STAFF]) {
	const loaded = closure([...base, nodeOf(`src/routes/${path}/+page.svelte`)]);
	const bytes = total(loaded);
	const participant = PARTICIPANT.includes(path) && !path.startsWith('rooms/');
	const verdict = participant
		? bytes <= 60_000 && loaded.size <= 20
			? 'ok (≤ 60 kB, ≤ 20)'
			: 'OVER (≤ 60 kB, ≤ 20)'
		: '';
	console.log(`  /${path.padEnd(31)} ${kb(bytes).padStart(7)} ${String(loaded.size).padStart(5)}  ${verdict}`);
	// Yjs prints this warning from its own module: present in a chunk exactly when Yjs was bundled into it.
	if (
		[...loaded].some((key) =>
			readFileSync(join(client, manifest[key].file), 'utf8').includes('Yjs was already imported')
		)
	)
		console.log(`    Yjs is in it`);
	let later = 0;
	for (const lazy of new Set([...loaded].flatMap((key) => manifest[key].dynamicImports ?? []))) {
		if (!lazy.startsWith('src/lib/components/room/')) continue;
		const extra = [...closure([lazy])].filter((key) => !loaded.has(key));
		if (lazy.endsWith('LiveRoom.svelte')) later += total(extra);
		console.log(`    + later ${lazy.split('/').pop()!.padEnd(22)} ${kb(total(extra)).padStart(9)}`);
	}
	if (later) {
		const all = bytes + later;
		console.log(`    = with the live room ${kb(all).padStart(9)}  ${all <= 170_000 ? 'ok' : 'OVER'} (≤ 170 kB)`);
	}
}
