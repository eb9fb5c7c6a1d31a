import { m } from '#lib/paraglide/messages.js';
import { attendanceModeLabel, presenceStatusLabel } from '#lib/components/attendance/labels.ts';
import { zonedParts } from '#lib/server/cohorts/local-time.ts';
import { spreadsheetCsv } from '#lib/server/http/spreadsheet.ts';
import { personName } from '#lib/names.ts';
import type { AttendanceSheet, CohortRegister, SheetLine } from './attendance.ts';

/** "2026-11-30 09:30" in the organisation's time zone: what a spreadsheet reads as a date and time. */
const localTime = (instant: number | null, timeZone: string) => {
	if (instant === null) return '';
	const { date, time } = zonedParts(instant, timeZone);
	return `${date} ${time}`;
};

function header(): string[] {
	return [
		m.register_csv_cohort(),
		m.register_csv_code(),
		m.register_csv_activity(),
		m.register_csv_starts(),
		m.register_csv_duration(),
		m.sheet_person(),
		m.sheet_mode(),
		m.sheet_minutes(),
		m.register_csv_first_join(),
		m.register_csv_last_leave(),
		m.sheet_status()
	];
}

function row(
	cohort: { name: string; code: string },
	activity: { title: string; startsAt: number; durationMinutes: number },
	line: SheetLine,
	timeZone: string
): (string | number | null)[] {
	return [
		cohort.name,
		cohort.code,
		activity.title,
		localTime(activity.startsAt, timeZone),
		activity.durationMinutes,
		personName(line.name),
		line.mode ? attendanceModeLabel(line.mode) : '',
		line.minutes,
		localTime(line.firstJoinedAt, timeZone),
		localTime(line.lastLeftAt, timeZone),
		line.status ? presenceStatusLabel(line.status) : m.register_csv_unmarked()
	];
}

/** One activity's register: a line per participant, the same figures as the printed sheet. */
export function activityRegisterCsv(sheet: AttendanceSheet): string {
	return spreadsheetCsv([header(), ...sheet.lines.map((l) => row(sheet.cohort, sheet.activity, l, sheet.timeZone))]);
}

/** A cohort's register: a line per participant per activity begun, in time order. */
export function cohortRegisterCsv(register: CohortRegister): string {
	return spreadsheetCsv([
		header(),
		...register.activities.flatMap(({ activity, lines }) =>
			lines.map((l) => row(register.cohort, activity, l, register.timeZone))
		)
	]);
}
