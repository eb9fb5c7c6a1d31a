import { describe, expect, it } from 'vitest';
import { fieldsOf } from './field-props.ts';

describe('fieldsOf', () => {
	it('shows what is saved (or the default) when the form has not been refused', () => {
		expect(fieldsOf('contact', undefined)('date', '2026-12-01')).toEqual({
			form: 'contact',
			name: 'date',
			value: '2026-12-01',
			error: undefined
		});
		expect(fieldsOf('profile', null)('mobilityKm', 12).value).toBe('12');
		expect(fieldsOf('profile', null)('ageBand', null).value).toBe('');
		expect(fieldsOf('step', { saved: true, values: { title: 'old' } })('title', '').value).toBe('');
	});

	it('shows what was typed, even empty, and the error after a refusal', () => {
		const field = fieldsOf('moment', { values: { kind: 'lunch', note: '' }, errors: { kind: 'Choix invalide' } });
		expect(field('kind', 'coffee_break')).toEqual({
			form: 'moment',
			name: 'kind',
			value: 'lunch',
			error: 'Choix invalide'
		});
		expect(field('note', 'saved note').value).toBe('');
		expect(field('durationMinutes', '15')).toMatchObject({ value: '', error: undefined });
	});
});
