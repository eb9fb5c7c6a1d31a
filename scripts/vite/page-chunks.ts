// Which chunk a translated message (or one of the app's own modules) goes to, by the pages that use it
// (issues 11 and 15: a participant's page in few requests and little JavaScript). Paraglide compiles
// each message to its own module, and every page reaches them through one index that re-exports them
// all, so the bundler's module graph cannot say which pages use a message. This plugin reads it from
// the sources instead: every call is static (`m.key(…)`, never a lookup by a built name; ESLint
// refuses one), so a module's uses are the `m.<key>` it holds, and the pages using it are the route
// files above it in the import graph.
import type { Plugin } from 'vite';

type ModuleInfo = { importers: readonly string[]; dynamicImporters: readonly string[] };
type Context = { getModuleInfo(id: string): ModuleInfo | null };
/**
 * A chunk for the messages of the pages `test` accepts: `route` is one page using the message (its path
 * under src/routes, '' for the root layout), `pages` all of them.
 */
export type Tier = { name: string; test: (route: string, pages: ReadonlySet<string>) => boolean };

const MESSAGE = /[\\/]src[\\/]lib[\\/]paraglide[\\/]messages[\\/](\w+)\.js$/;
const ROUTE = /[\\/]src[\\/]routes[\\/](?:(.*)[\\/])?\+(?:page|layout|error)\.svelte$/;
const SOURCE = /[\\/]src[\\/](?!lib[\\/]paraglide[\\/]).*\.(svelte|ts|js)$/;
const LIB = /[\\/]src[\\/]lib[\\/](?!server[\\/]|paraglide[\\/]runtime)/;
const USE = /\bm\.(\w+)\b/g;

export function pageChunks(tiers: Tier[]) {
	const users = new Map<string, Set<string>>(); // message key → source modules calling it
	const routesOf = new Map<string, Set<string>>(); // module → routes above it

	const plugin: Plugin = {
		name: 'tablee:message-uses',
		enforce: 'pre',
		transform(code, id) {
			const file = id.split('?')[0];
			if (!SOURCE.test(file)) return null;
			for (const [, key] of code.matchAll(USE)) {
				if (!users.has(key)) users.set(key, new Set());
				users.get(key)!.add(file);
			}
			return null;
		}
	};

	/** The routes whose pages import `id`, directly or through other modules. */
	function routes(id: string, ctx: Context): Set<string> {
		let found = routesOf.get(id);
		if (found) return found;
		found = new Set();
		const seen = new Set([id]);
		const queue = [id];
		for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
			const route = ROUTE.exec(next);
			if (route) found.add((route[1] ?? '').replaceAll('\\', '/'));
			const info = ctx.getModuleInfo(next);
			for (const importer of [...(info?.importers ?? []), ...(info?.dynamicImporters ?? [])]) {
				if (seen.has(importer)) continue;
				seen.add(importer);
				queue.push(importer);
			}
		}
		routesOf.set(id, found);
		return found;
	}

	/** The first tier one of the pages using the message module `id` belongs to. */
	function tierOf(id: string, ctx: Context): string | null {
		const key = MESSAGE.exec(id)?.[1];
		if (!key) return null;
		const pages = new Set<string>();
		for (const user of users.get(key) ?? []) for (const r of routes(user, ctx)) pages.add(r);
		return tiers.find((tier) => [...pages].some((route) => tier.test(route, pages)))?.name ?? null;
	}

	/** For `codeSplitting.groups[].name`: the messages of the tier `name`, and nothing else. */
	const messages = (name: string) => (id: string, ctx: Context) => (tierOf(id, ctx) === name ? name : null);

	/**
	 * For `codeSplitting.groups[].name`: the app's own modules (components, helpers) that a page of the
	 * tier `tierName` imports, in the one chunk `chunk` instead of one small file each.
	 */
	const lib = (tierName: string, chunk: string) => {
		const tier = tiers.find((t) => t.name === tierName)!;
		return (id: string, ctx: Context) => {
			if (!LIB.test(id) || MESSAGE.test(id)) return null;
			const pages = routes(id, ctx);
			return [...pages].some((route) => tier.test(route, pages)) ? chunk : null;
		};
	};

	return { plugin, messages, lib };
}
