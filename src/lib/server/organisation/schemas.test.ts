import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { isTimeZone, organisationSettingsSchema } from './schemas.ts';

describe('organisation settings input', () => {
	it('knows IANA time zones (as Intl does) and refuses anything else', () => {
		for (const zone of ['Europe/Paris', 'America/Cayenne', 'Indian/Reunion', 'UTC'])
			expect(isTimeZone(zone), zone).toBe(true);
		for (const zone of ['Paris', 'Europe/Atlantis', '+01:00', '', 'Europe/Paris<script>', '../../etc'])
			expect(isTimeZone(zone), zone).toBe(false);
	});

	it('stores a zone as Intl spells it, and bounds the rules', () => {
		const ok = v.parse(organisationSettingsSchema, {
			name: ' Club ',
			timeZone: 'europe/paris',
			thresholdPercent: '85',
			lateAfterMinutes: '0'
		});
		expect(ok).toEqual({ name: 'Club', timeZone: 'Europe/Paris', thresholdPercent: 85, lateAfterMinutes: 0 });
		const bad = (patch: Record<string, string>) =>
			v.safeParse(organisationSettingsSchema, {
				name: 'Club',
				timeZone: 'UTC',
				thresholdPercent: '85',
				lateAfterMinutes: '10',
				...patch
			}).success;
		expect(bad({ thresholdPercent: '101' })).toBe(false);
		expect(bad({ thresholdPercent: '-1' })).toBe(false);
		expect(bad({ thresholdPercent: '8.5' })).toBe(false);
		expect(bad({ lateAfterMinutes: '121' })).toBe(false);
		expect(bad({ timeZone: 'Mars/Olympus' })).toBe(false);
	});
});
