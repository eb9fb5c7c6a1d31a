import { nameKey } from '#lib/server/auth/names.ts';

export interface Mentionable {
	id: string;
	firstName: string;
}

// A name goes on with letters, digits and hyphens ("@Marie-Claire"); anything else ends it.
const NAME_GOES_ON = /[\p{L}\p{N}-]/u;
// Enough text after an '@' to hold any first name (they are at most 40 characters).
const LOOKAHEAD = 60;

/**
 * The members named with `@Prénom` in `text`: case, accents and spacing do not matter (the same key
 * as the login name, see nameKey). The longest name wins ("@Marie-Claire" is not "@Marie"); two
 * members with the same first name (a facilitator and a participant) are both named. Ids come out
 * once each, in the order of their first mention.
 */
export function findMentions(text: string, members: Mentionable[]): string[] {
	const keyed = members.map((m) => ({ id: m.id, key: nameKey(m.firstName) })).filter((m) => m.key.length > 0);
	const found: string[] = [];
	for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
		// An e-mail address (letter before the '@') names nobody.
		if (at > 0 && NAME_GOES_ON.test(text[at - 1])) continue;
		const after = nameKey(text.slice(at + 1, at + 1 + LOOKAHEAD));
		let longest = 0;
		let named: string[] = [];
		for (const m of keyed) {
			if (!after.startsWith(m.key) || NAME_GOES_ON.test(after[m.key.length] ?? '')) continue;
			if (m.key.length > longest) [longest, named] = [m.key.length, [m.id]];
			else if (m.key.length === longest) named.push(m.id);
		}
		for (const id of named) if (!found.includes(id)) found.push(id);
	}
	return found;
}
