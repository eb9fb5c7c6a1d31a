import { describe, expect, it } from 'vitest';
import { ERASED_NAME } from '$lib/erased';
import { notificationText } from './text.ts';

describe('notification texts', () => {
	it('name the person who wrote, and say "Personne effacée" once that person was erased', () => {
		expect(notificationText('mention', { author: 'Fatima', cohort: 'Groupe' }, 'fr')).toContain('Fatima');
		const erased = notificationText('mention', { author: ERASED_NAME, cohort: 'Groupe' }, 'fr');
		expect(erased).not.toContain(ERASED_NAME);
		expect(erased).toBe('Personne effacée vous a cité dans Groupe');
		expect(notificationText('mention', { author: ERASED_NAME, cohort: 'Groupe' }, 'en')).not.toContain(ERASED_NAME);
	});
});
