import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { DomainError, forbidden } from './errors.ts';
import { formAction, publicFormAction, safeNext, type FormFailure } from './route.ts';
import { id, requiredText } from './validation.ts';

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

describe('formAction', () => {
	const schema = v.object({ postId: id, body: requiredText(10) });
	const event = (fields: Record<string, string>) => {
		const body = new FormData();
		for (const [k, value] of Object.entries(fields)) body.append(k, value);
		return {
			locals: { user: { id: 'u' } } as unknown as App.Locals,
			url: new URL('http://x.invalid/feed'),
			request: new Request('http://x.invalid/feed', { method: 'POST', body })
		};
	};
	const postId = 'abcdefghijklmnop';

	it('answers bad input with 400, what was typed and the form named after it, without running the work', async () => {
		let ran = false;
		const out = await formAction(
			event({ postId, body: 'far too long a comment' }),
			schema,
			(values) => `c-${String(values.postId)}`,
			async () => void (ran = true)
		);
		expect(ran).toBe(false);
		expect(out).toMatchObject({
			status: 400,
			data: { form: `c-${postId}`, values: { body: 'far too long a comment' } }
		});
		expect(Object.keys((out as { data: FormFailure }).data.errors)).toEqual(['body']);
	});

	it('runs the work as the actor and says saved, or what `after` makes of the result', async () => {
		const saved = await formAction(event({ postId, body: 'hi' }), schema, 'post', async (input, actor) => [
			input.body,
			actor.id
		]);
		expect(saved).toEqual({ form: 'post', saved: true });
		const after = await formAction(event({ postId, body: 'hi' }), schema, 'post', async () => 7, {
			after: (value, input, form) => ({ form, value, body: input.body })
		});
		expect(after).toEqual({ form: 'post', value: 7, body: 'hi' });
	});

	it('shows a domain refusal on the form, and turns an authorization refusal into an HTTP error', async () => {
		const refused = await formAction(event({ postId, body: 'hi' }), schema, 'post', async () => {
			throw new DomainError(409, 'error_generic');
		});
		expect(refused).toMatchObject({ status: 409, data: { form: 'post', errors: { _form: expect.any(String) } } });
		await expect(
			formAction(event({ postId, body: 'hi' }), schema, 'post', async () => {
				throw forbidden();
			})
		).rejects.toMatchObject({ status: 403 });
	});

	it('lets an anonymous form (login) through publicFormAction only', async () => {
		const anonymous = { ...event({ postId, body: 'hi' }), locals: {} as App.Locals };
		await expect(formAction(anonymous, schema, 'post', async () => 1)).rejects.toMatchObject({ status: 303 });
		expect(await publicFormAction(anonymous, schema, 'post', async () => 1)).toEqual({ form: 'post', saved: true });
	});
});
