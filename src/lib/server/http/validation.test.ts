import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { blockSchema } from '#lib/server/programmes/schemas.ts';
import { joinSchema } from '#lib/server/auth/schemas.ts';
import { optionalChoice, parseForm } from './validation.ts';

const form = (entries: Record<string, string | string[]>) => {
	const data = new FormData();
	for (const [key, value] of Object.entries(entries)) for (const item of [value].flat()) data.append(key, item);
	return data;
};
const good = {
	kind: 'live',
	title: 'Visio',
	day: '3',
	startTime: '09:30',
	durationMinutes: '90',
	objectives: '',
	skills: ['use_chat']
};

describe('parseForm', () => {
	it('turns a valid form into typed data', () => {
		const parsed = parseForm(blockSchema, form({ ...good, optional: 'on' }), ['skills']);
		expect(parsed).toMatchObject({
			ok: true,
			data: { dayOffset: 2, durationMinutes: 90, optional: true, skills: ['use_chat'] }
		});
	});

	it.each([
		['empty title', { title: '   ' }, 'title', 'form_required'],
		['missing field', { kind: undefined }, 'kind', 'form_required'],
		['over-long title', { title: 'x'.repeat(121) }, 'title', 'form_too_long|120'],
		['markup', { title: '<script>alert(1)</script>' }, 'title', 'form_no_markup'],
		// Issue 16: a NUL is not refused with the message about '<' and '>'.
		['a NUL byte', { title: 'Atelier\u0000CV' }, 'title', 'harden_form_control_chars'],
		['a control character', { title: 'Atelier\u001bCV' }, 'title', 'harden_form_control_chars'],
		['letters in a number', { day: 'deux' }, 'day', 'form_invalid_number'],
		['day zero (the first day is 1)', { day: '0' }, 'day', 'form_number_range|1–366'],
		['number out of range', { durationMinutes: '9000' }, 'durationMinutes', 'form_number_range|5–600'],
		['unknown choice', { kind: 'party' }, 'kind', 'form_invalid_choice'],
		['impossible time', { startTime: '25:61' }, 'startTime', 'form_invalid_time'],
		['bad checkbox value', { optional: 'maybe' }, 'optional', 'form_invalid_choice']
	])('reports %s on its field and keeps what was typed', (_, change, field, message) => {
		const entries = Object.fromEntries(
			Object.entries({ ...good, ...change }).filter(([, value]) => value !== undefined)
		) as Record<string, string | string[]>;
		const parsed = parseForm(blockSchema, form(entries), ['skills']);
		expect(parsed.ok).toBe(false);
		if (parsed.ok) return;
		expect(parsed.errors[field]).toBe(message);
		expect(parsed.values.title).toBe(entries.title ?? '');
	});

	it('never sends secrets back, and checks the PIN confirmation', () => {
		const parsed = parseForm(joinSchema, form({ firstName: 'Fatima', pin: '1234', pinConfirm: '1243' }));
		expect(parsed.ok).toBe(false);
		if (parsed.ok) return;
		expect(parsed.errors.pinConfirm).toBe('form_pin_mismatch');
		expect(parsed.values).toEqual({ firstName: 'Fatima', pin: '', pinConfirm: '' });
	});

	it('rejects impossible dates', async () => {
		const { isoDate } = await import('./validation.ts');
		expect(v.safeParse(isoDate, '2026-02-30').success).toBe(false);
		expect(v.safeParse(isoDate, '2028-02-29').success).toBe(true);
	});
});

describe('optionalChoice', () => {
	const target = optionalChoice(['job', 'training'] as const);
	it('reads an empty or missing field as null, and a listed value as itself', () => {
		expect(v.parse(target, '')).toBeNull();
		expect(v.parse(target, undefined)).toBeNull();
		expect(v.parse(target, ' job ')).toBe('job');
	});
	it('refuses a value outside the list, and anything not text', () => {
		expect(v.safeParse(target, 'holiday').issues?.[0].message).toBe('form_invalid_choice');
		expect(v.safeParse(target, 3).issues?.[0].message).toBe('form_invalid_type');
	});
});
