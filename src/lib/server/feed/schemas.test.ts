import { describe, expect, it } from 'vitest';
import { parseForm } from '#lib/server/http/validation.ts';
import { commentSchema, postSchema } from './schemas.ts';

const form = (fields: Record<string, string>) => {
	const data = new FormData();
	for (const [k, v] of Object.entries(fields)) data.append(k, v);
	return data;
};
const parsePost = (fields: Record<string, string>) => parseForm(postSchema(fields.kind ?? null), form(fields));

describe('the post form', () => {
	it('keeps markup as typed text in a message, with its line breaks', () => {
		const parsed = parsePost({ kind: 'announcement', body: '  <script>alert(1)</script>\r\nSalaire > 1 500 € <3  ' });
		expect(parsed).toMatchObject({
			ok: true,
			data: { kind: 'announcement', body: '<script>alert(1)</script>\nSalaire > 1 500 € <3' }
		});
	});

	it('refuses control characters and over-long messages', () => {
		expect(parsePost({ kind: 'reminder', body: 'bip\u0007' })).toMatchObject({
			ok: false,
			errors: { body: 'harden_form_control_chars' }
		});
		expect(parsePost({ kind: 'reminder', body: 'a\u0000b' })).toMatchObject({
			ok: false,
			errors: { body: 'harden_form_control_chars' }
		});
		expect(parsePost({ kind: 'reminder', body: 'x'.repeat(2001) })).toMatchObject({
			ok: false,
			errors: { body: 'form_too_long|2000' }
		});
		expect(parsePost({ kind: 'reminder', body: '   ' })).toMatchObject({
			ok: false,
			errors: { body: 'form_required' }
		});
	});

	it('asks each kind for its own fields and ignores the others', () => {
		expect(parsePost({ kind: 'job_offer', body: '', title: '', date: 'n’importe quoi' })).toMatchObject({
			ok: false,
			errors: { title: 'form_required' }
		});
		const job = parsePost({
			kind: 'job_offer',
			title: 'Cariste',
			body: '',
			employer: 'Entrepôt',
			contract: 'Intérim',
			place: 'Bobigny',
			link: 'https://exemple.fr/a',
			date: 'ignoré'
		});
		expect(job).toMatchObject({
			ok: true,
			data: { kind: 'job_offer', title: 'Cariste', employer: 'Entrepôt', link: 'https://exemple.fr/a' }
		});
		expect(job.ok && 'date' in job.data).toBe(false);
		expect(
			parsePost({ kind: 'event', title: 'Forum', body: '', place: '', date: '2026-02-30', time: '14:00' })
		).toMatchObject({ ok: false, errors: { date: 'form_invalid_date' } });
		expect(
			parsePost({ kind: 'event', title: 'Forum', body: '', place: '', date: '2026-12-01', time: '14:00' })
		).toMatchObject({ ok: true, data: { date: '2026-12-01', time: '14:00' } });
	});

	it('reports an unknown or empty kind on the kind only', () => {
		expect(parsePost({ kind: 'teleportation', body: 'x' })).toEqual(
			expect.objectContaining({ ok: false, errors: { kind: 'form_invalid_choice' } })
		);
		expect(parsePost({ kind: '', body: 'x' })).toEqual(
			expect.objectContaining({ ok: false, errors: { kind: 'form_required' } })
		);
	});

	it('takes http(s) links only', () => {
		for (const link of ['javascript:alert(1)', 'exemple.fr', 'ftp://exemple.fr', 'https://', 'data:text/html,x']) {
			expect(parsePost({ kind: 'job_offer', title: 'Poste', body: '', link }), link).toMatchObject({
				ok: false,
				errors: { link: 'feed_link_format' }
			});
		}
		expect(parsePost({ kind: 'job_offer', title: 'Poste', body: '', link: '<a>' })).toMatchObject({
			ok: false,
			errors: { link: 'form_no_markup' }
		});
		expect(
			parsePost({ kind: 'job_offer', title: 'Poste', body: '', link: 'HTTP://Exemple.fr/offre?id=1' })
		).toMatchObject({ ok: true });
	});
});

describe('the comment form', () => {
	it('needs a post id and a message', () => {
		expect(parseForm(commentSchema, form({ postId: 'abcdefghijklmnop', body: '' }))).toMatchObject({
			ok: false,
			errors: { body: 'form_required' }
		});
		expect(parseForm(commentSchema, form({ postId: '../x', body: 'Oui' }))).toMatchObject({
			ok: false,
			errors: { postId: 'form_invalid_choice' }
		});
	});
});
