import { describe, expect, it } from 'vitest';
import { textEdit, type TextEdit } from './text-diff.ts';

const apply = (text: string, edit: TextEdit | null) =>
	edit ? text.slice(0, edit.index) + edit.insert + text.slice(edit.index + edit.remove) : text;

describe('textEdit: a textarea change as one edit of the shared text', () => {
	it('finds typing, deleting and replacing in the middle', () => {
		expect(textEdit('Bonjour', 'Bonjour')).toBeNull();
		expect(textEdit('Bonjour', 'Bonjour à tous')).toEqual({ index: 7, remove: 0, insert: ' à tous' });
		expect(textEdit('Bonjour à tous', 'Bonjour tous')).toEqual({ index: 8, remove: 2, insert: '' });
		expect(textEdit('le CV est prêt', 'le CV sera prêt')).toEqual({ index: 6, remove: 3, insert: 'sera' });
		expect(textEdit('', 'Notes')).toEqual({ index: 0, remove: 0, insert: 'Notes' });
		expect(textEdit('Notes', '')).toEqual({ index: 0, remove: 5, insert: '' });
	});

	it('takes the first place when the same letter repeats (typing "a" in "aa")', () => {
		const edit = textEdit('aa', 'aaa');
		expect(edit).toEqual({ index: 2, remove: 0, insert: 'a' });
		expect(apply('aa', edit)).toBe('aaa');
	});

	it('never cuts an emoji in half', () => {
		// 😀 and 😃 share their first UTF-16 unit: the edit must replace the whole character.
		const edit = textEdit('a😀b', 'a😃b');
		expect(edit).toEqual({ index: 1, remove: 2, insert: '😃' });
		const tail = textEdit('x🎉', 'x🎊');
		expect(tail).toEqual({ index: 1, remove: 2, insert: '🎊' });
	});

	it('rebuilds the new text from the old one for any pair', () => {
		const pairs = [
			['abc', 'abXc'],
			['abcabc', 'abc'],
			['👍👏', '👏'],
			['Atelier CV\n- point 1', 'Atelier CV\n- point 1\n- point 2'],
			['same end', 'other same end']
		];
		for (const [before, after] of pairs) expect(apply(before, textEdit(before, after))).toBe(after);
	});
});
