import { getLocale } from '#lib/paraglide/runtime.js';
import { m } from '#lib/paraglide/messages.js';

const tag = () => (getLocale() === 'fr' ? 'fr-FR' : 'en-GB');

// Building an Intl.DateTimeFormat costs far more than formatting with one (a fifth of /me's server time under
// load, issue 17): each locale, zone and set of options is built once and kept.
const formatters = new Map<string, Intl.DateTimeFormat>();
function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
	const key = `${locale} ${JSON.stringify(options)}`;
	let formatter = formatters.get(key);
	if (!formatter) {
		formatter = new Intl.DateTimeFormat(locale, options);
		formatters.set(key, formatter);
	}
	return formatter;
}

/** "lundi 23 novembre, 09:30" in the club's time zone and the reader's language. */
export function formatWhen(instant: number, timeZone: string): string {
	return dateFormat(tag(), {
		timeZone,
		weekday: 'long',
		day: 'numeric',
		month: 'long',
		hour: '2-digit',
		minute: '2-digit'
	}).format(instant);
}

export function formatDay(date: string): string {
	return dateFormat(tag(), { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long' }).format(
		Date.parse(`${date}T00:00:00Z`)
	);
}

export function formatDate(date: string): string {
	return dateFormat(tag(), { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }).format(
		Date.parse(`${date}T00:00:00Z`)
	);
}

/** "23 nov. 2026, 09:30" in the club's time zone (the same on the server and in the browser). */
export function formatInstant(instant: number, timeZone: string): string {
	return dateFormat(tag(), { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(instant);
}

type Locale = 'fr' | 'en';
const currentLocale = (): Locale => (getLocale() === 'en' ? 'en' : 'fr');

/** A duration as people say it: "45 min", "3 h", "1 h 30" (English: "45 min", "3 hr", "1 hr 30 min"). */
export function formatDuration(minutes: number, locale: Locale = currentLocale()): string {
	const whole = Math.max(0, Math.round(minutes));
	const hours = Math.floor(whole / 60);
	const rest = whole % 60;
	if (hours === 0) return m.everyday2_duration_minutes({ minutes: String(rest) }, { locale });
	if (rest === 0) return m.everyday2_duration_hours({ hours: String(hours) }, { locale });
	return m.everyday2_duration_hours_minutes(
		{ hours: String(hours), minutes: String(rest).padStart(2, '0') },
		{ locale }
	);
}

/** A measured time (speaking, camera) in whole minutes as formatDuration says them; "under 1 min" below that. */
export function formatSeconds(seconds: number, locale: Locale = currentLocale()): string {
	if (seconds > 0 && seconds < 30) return m.participation_under_a_minute({}, { locale });
	return formatDuration(seconds / 60, locale);
}

/** The local calendar date (YYYY-MM-DD) of an instant in a time zone. */
function localDate(instant: number, timeZone: string): string {
	return dateFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/** A time of day as people read it: "9 h 30", "14 h" in French; "9:30" in English. */
export function formatTime(instant: number, timeZone: string, locale: Locale = currentLocale()): string {
	const parts = dateFormat('en-GB', { timeZone, hour: 'numeric', minute: '2-digit', hourCycle: 'h23' })
		.formatToParts(instant)
		.reduce<Record<string, string>>((all, p) => ({ ...all, [p.type]: p.value }), {});
	const hour = String(Number(parts.hour));
	if (locale === 'en') return `${hour}:${parts.minute}`;
	return parts.minute === '00' ? `${hour} h` : `${hour} h ${parts.minute}`;
}

/**
 * When something happens, said from `now`: "aujourd’hui à 9 h 30", "demain à 14 h", otherwise the day and
 * time ("lundi 23 novembre à 9 h 30"), in the club's time zone.
 */
export function formatWhenNear(
	instant: number,
	timeZone: string,
	now: number,
	locale: Locale = currentLocale()
): string {
	const time = formatTime(instant, timeZone, locale);
	const day = localDate(instant, timeZone);
	const today = localDate(now, timeZone);
	const tomorrow = new Date(Date.parse(`${today}T12:00:00Z`) + 864e5).toISOString().slice(0, 10);
	if (day === today) return m.everyday2_today_at({ time }, { locale });
	if (day === tomorrow) return m.everyday2_tomorrow_at({ time }, { locale });
	const date = dateFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
		timeZone,
		weekday: 'long',
		day: 'numeric',
		month: 'long'
	}).format(instant);
	return m.everyday2_day_at({ date, time }, { locale });
}
