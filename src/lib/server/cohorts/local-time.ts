/**
 * Wall-clock time in a named time zone ↔ UTC instants, with the platform's Intl data
 * (no dependency: the club's time zone is the only one we convert from).
 */
// Building an Intl.DateTimeFormat costs far more than using one (≈ 0.1–1 ms): one per time zone, kept.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
	let formatter = formatters.get(timeZone);
	if (!formatter) {
		formatter = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit'
		});
		formatters.set(timeZone, formatter);
	}
	return formatter;
}

function offsetMs(instant: number, timeZone: string): number {
	const parts = formatterFor(timeZone).formatToParts(instant);
	const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
	const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
	return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The instant at which the clocks of `timeZone` show `date` `time` ('YYYY-MM-DD', 'HH:MM'). */
export function zonedInstant(date: string, time: string, timeZone: string): number {
	const key = `${date} ${time} ${timeZone}`;
	const known = instants.get(key);
	if (known !== undefined) return known;
	const naive = Date.parse(`${date}T${time}:00Z`);
	// Two passes settle the offset across a daylight-saving change.
	let instant = naive - offsetMs(naive, timeZone);
	instant = naive - offsetMs(instant, timeZone);
	// The same few days and times come back again and again (the figures convert each person's cohort dates).
	if (instants.size >= 50_000) instants.clear();
	instants.set(key, instant);
	return instant;
}
const instants = new Map<string, number>();

/** The local calendar day and clock time of an instant in `timeZone`. */
export function zonedParts(instant: number, timeZone: string): { date: string; time: string } {
	const local = new Date(instant + offsetMs(instant, timeZone)).toISOString();
	return { date: local.slice(0, 10), time: local.slice(11, 16) };
}

export function addDays(date: string, days: number): string {
	const d = new Date(`${date}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + days);
	return d.toISOString().slice(0, 10);
}

/** Monday of the week holding `date`. */
export function weekStart(date: string): string {
	const day = new Date(`${date}T00:00:00Z`).getUTCDay();
	return addDays(date, -((day + 6) % 7));
}
