import { getLocale } from '#lib/paraglide/runtime.js';

const tag = () => (getLocale() === 'fr' ? 'fr-FR' : 'en-GB');

/** "lundi 23 novembre, 09:30" in the club's time zone and the reader's language. */
export function formatWhen(instant: number, timeZone: string): string {
	return new Intl.DateTimeFormat(tag(), {
		timeZone,
		weekday: 'long',
		day: 'numeric',
		month: 'long',
		hour: '2-digit',
		minute: '2-digit'
	}).format(instant);
}

export function formatDay(date: string): string {
	return new Intl.DateTimeFormat(tag(), { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long' }).format(
		Date.parse(`${date}T00:00:00Z`)
	);
}

export function formatDate(date: string): string {
	return new Intl.DateTimeFormat(tag(), { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }).format(
		Date.parse(`${date}T00:00:00Z`)
	);
}

/** "23 nov. 2026, 09:30" in the club's time zone (the same on the server and in the browser). */
export function formatInstant(instant: number, timeZone: string): string {
	return new Intl.DateTimeFormat(tag(), { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(instant);
}
