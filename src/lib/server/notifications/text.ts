import { ERASED_NAME } from '#lib/erased.ts';
import { m } from '#lib/paraglide/messages.js';

type Locale = 'fr' | 'en';
type Params = Record<string, string | number>;

/** "demain, lundi 24 novembre à 09:30" as a notification says it, in the club's time zone. */
function when(params: Params, locale: Locale): string {
	const at = Number(params.at);
	if (!Number.isFinite(at)) return '';
	return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
		timeZone: String(params.timeZone ?? 'Europe/Paris'),
		weekday: 'long',
		day: 'numeric',
		month: 'long',
		hour: '2-digit',
		minute: '2-digit'
	}).format(at);
}

/**
 * The text of a notification, from its kind and parameters, in `locale`. Unknown kinds (added by a
 * newer version) read as a generic "something new" rather than failing.
 */
export function notificationText(kind: string, params: Params, locale: Locale): string {
	const options = { locale };
	const title = String(params.title ?? '');
	switch (kind) {
		case 'reminder_evening':
			return m.notification_reminder_evening({ title, when: when(params, locale) }, options);
		case 'reminder_soon':
			return m.notification_reminder_soon({ title }, options);
		case 'reminder_due':
			return m.notification_reminder_due({ title, when: when(params, locale) }, options);
		case 'outcome_m3_open':
			return m.outcome_notification_m3_open({}, options);
		case 'outcome_m6_open':
			return m.outcome_notification_m6_open({}, options);
		default: {
			const message = (m as unknown as Record<string, ((p: Params, o: { locale: Locale }) => string) | undefined>)[
				`notification_${kind}`
			];
			// A notice naming someone since erased says "Personne effacée", not the stored marker.
			const named =
				params.author === ERASED_NAME ? { ...params, author: m.privacy_erased_person({}, options) } : params;
			return message ? message(named, options) : m.notification_generic({}, options);
		}
	}
}

/** What a phone shows: the app's name and the notification's text, in the device's language (French unless English). */
export const pushMessage = (kind: string, params: Params, locale: string) => ({
	title: 'Tablée',
	body: notificationText(kind, params, locale === 'en' ? 'en' : 'fr')
});
