/** One edit of a text: at `index`, remove `remove` UTF-16 units, then insert `insert`. */
export interface TextEdit {
	index: number;
	remove: number;
	insert: string;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/**
 * The single edit that turns `before` into `after` (what a textarea's input event did): the common start and
 * end are kept, the middle replaced. Never cuts an emoji or another character made of two UTF-16 units in
 * half. null when nothing changed.
 */
export function textEdit(before: string, after: string): TextEdit | null {
	if (before === after) return null;
	const shortest = Math.min(before.length, after.length);
	let start = 0;
	while (start < shortest && before.charCodeAt(start) === after.charCodeAt(start)) start++;
	if (start > 0 && isHighSurrogate(before.charCodeAt(start - 1))) start--;
	let end = 0;
	while (
		end < shortest - start &&
		before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)
	)
		end++;
	if (end > 0 && isLowSurrogate(before.charCodeAt(before.length - end))) end--;
	return { index: start, remove: before.length - start - end, insert: after.slice(start, after.length - end) };
}
