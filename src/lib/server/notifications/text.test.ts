import { describe, expect, it } from 'vitest';
import { ERASED_NAME } from '#lib/erased.ts';
import { notificationText, pushMessage } from './text.ts';

describe('notification texts', () => {
	it('name the person who wrote, and say "Personne effacée" once that person was erased', () => {
		expect(notificationText('mention', { author: 'Fatima', cohort: 'Groupe' }, 'fr')).toContain('Fatima');
		const erased = notificationText('mention', { author: ERASED_NAME, cohort: 'Groupe' }, 'fr');
		expect(erased).not.toContain(ERASED_NAME);
		expect(erased).toBe('Personne effacée vous a cité dans Groupe');
		expect(notificationText('mention', { author: ERASED_NAME, cohort: 'Groupe' }, 'en')).not.toContain(ERASED_NAME);
	});

	it('are pushed in the language of the page the phone subscribed from, French by default', () => {
		const params = { title: 'Atelier CV' };
		expect(pushMessage('reminder_soon', params, 'fr').body).toBe(notificationText('reminder_soon', params, 'fr'));
		expect(pushMessage('reminder_soon', params, 'en').body).toBe(notificationText('reminder_soon', params, 'en'));
		expect(pushMessage('reminder_soon', params, 'en').body).not.toBe(pushMessage('reminder_soon', params, 'fr').body);
		expect(pushMessage('reminder_soon', params, 'xx').body).toBe(notificationText('reminder_soon', params, 'fr'));
	});
});
