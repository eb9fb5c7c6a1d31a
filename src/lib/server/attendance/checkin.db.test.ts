// In-person check-in by QR (issue 14, acceptance 4) and the register as a spreadsheet (acceptance 6), on
// the data layer: only the code shown now is accepted, and for a minute at most; a second check-in
// changes nothing; the check-in lands in the one register (sheet, cohort register, CSV); only the
// cohort's facilitators show codes and only its participants check in.
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import type { Db } from '#lib/server/db/index.ts';
import type { Actor } from '#lib/server/auth/policy.ts';
import { refusalWithKey as refusal } from '#lib/server/db/test-db.ts';
import { addCohortAActivity, useSeededTestDb } from '#lib/server/db/test-fixtures.ts';
import { demoParticipant, type DemoActors } from '#lib/server/seed/demo-actors.ts';
import { DEMO_COHORTS } from '#lib/server/seed/demo.ts';
import { attendanceSheet, cohortRegister, recordMark } from './attendance.ts';
import { CODE_LIFETIME_MS, checkIn, issueCheckinCode } from './checkin.ts';
import { activityRegisterCsv, cohortRegisterCsv } from './register-csv.ts';

const NOW = Date.parse('2026-11-22T10:00:00Z');
const START = Date.parse('2026-11-23T08:30:00Z'); // 09:30 in Paris

let db: Db;
let actors: DemoActors;
let activityId: string;
let second: Actor;

useSeededTestDb(NOW, async (seeded) => {
	({ db, actors } = seeded);
	activityId = await addCohortAActivity(
		db,
		actors,
		{ kind: 'in_person', title: 'Simulation d’entretien', date: '2026-11-23', time: '09:30', durationMinutes: 120 },
		NOW
	);
	second = await demoParticipant(db, actors.cohortA.id, DEMO_COHORTS.now.participants[1]);
});

const lineOf = async (userId: string) =>
	(await attendanceSheet(db, actors.facilitatorA, activityId)).lines.find((l) => l.userId === userId);

describe(`check-in by QR code on ${process.env.TEST_DB}`, () => {
	it('is open from 30 minutes before the start, not the day before', async () => {
		expect(await refusal(issueCheckinCode(db, actors.facilitatorA, activityId, NOW))).toBe('409 checkin_error_closed');
		await expect(issueCheckinCode(db, actors.facilitatorA, activityId, START - 20 * 60_000)).resolves.toBeTruthy();
	});

	it('only lets the cohort’s facilitators show a code, and only its participants check in', async () => {
		const at = START + 60_000;
		for (const stranger of [actors.facilitatorB, actors.director, actors.participantA, actors.participantB])
			expect(await refusal(issueCheckinCode(db, stranger, activityId, at))).toBe('403 error_forbidden');
		const { code } = await issueCheckinCode(db, actors.facilitatorA, activityId, at);
		for (const stranger of [actors.participantB, actors.facilitatorA, actors.director])
			expect(await refusal(checkIn(db, stranger, activityId, code, at))).toBe('403 error_forbidden');
		expect(await lineOf(actors.participantB.id)).toBeUndefined();
	});

	it('marks the person present in the room with the code shown now; a second check-in changes nothing', async () => {
		const at = START + 2 * 60_000;
		const { code } = await issueCheckinCode(db, actors.facilitatorA, activityId, at);
		expect(await checkIn(db, actors.participantA, activityId, code, at + 5_000)).toEqual({
			already: false,
			late: false
		});
		const line = await lineOf(actors.participantA.id);
		expect(line).toMatchObject({ mode: 'in_person', source: 'checkin', status: 'present', minutes: 120 });
		expect(await checkIn(db, actors.participantA, activityId, code, at + 9_000)).toEqual({
			already: true,
			late: false
		});
		expect(await lineOf(actors.participantA.id)).toEqual(line);
	});

	it('refuses the previous code once the screen shows a new one, and a code over a minute old', async () => {
		const at = START + 20 * 60_000;
		const old = await issueCheckinCode(db, actors.facilitatorA, activityId, at);
		const current = await issueCheckinCode(db, actors.facilitatorA, activityId, at + 30_000);
		expect(current.code).not.toBe(old.code);
		expect(await refusal(checkIn(db, second, activityId, old.code, at + 31_000))).toBe('410 checkin_error_expired');
		expect(await refusal(checkIn(db, second, activityId, 'x'.repeat(32), at + 31_000))).toBe(
			'410 checkin_error_expired'
		);
		expect(await refusal(checkIn(db, second, activityId, current.code, at + 30_000 + CODE_LIFETIME_MS + 1))).toBe(
			'410 checkin_error_expired'
		);
		expect((await lineOf(second.id))?.status).toBeNull();
		// On time for the current code, 20 minutes after the start: late, as on the sheet.
		expect(await checkIn(db, second, activityId, current.code, at + 40_000)).toEqual({ already: false, late: true });
		expect(await lineOf(second.id)).toMatchObject({ mode: 'in_person', status: 'late', minutes: 120 });
	});

	it('refuses a cancelled activity', async () => {
		const at = START + 25 * 60_000;
		const { code } = await issueCheckinCode(db, actors.facilitatorA, activityId, at);
		await db.updateTable('activity').set({ cancelled_at: at }).where('id', '=', activityId).execute();
		try {
			expect(await refusal(checkIn(db, actors.participantA, activityId, code, at + 1000))).toBe(
				'409 everyday_error_cancelled'
			);
		} finally {
			await db.updateTable('activity').set({ cancelled_at: null }).where('id', '=', activityId).execute();
		}
	});
});

describe(`the register as a spreadsheet on ${process.env.TEST_DB}`, () => {
	it('parses back to the sheet’s figures, a line per participant, with formulas neutralised', async () => {
		const sheet = await attendanceSheet(db, actors.facilitatorA, activityId);
		const someone = sheet.lines.find((l) => l.status === null);
		if (!someone) throw new Error('an unmarked participant');
		await db
			.updateTable('user')
			.set({ first_name: '=HYPERLINK("http://x")' })
			.where('id', '=', someone.userId)
			.execute();
		await recordMark(db, actors.facilitatorA, activityId, someone.userId, {
			status: 'present',
			mode: 'phone',
			minutes: 45
		});
		const after = await attendanceSheet(db, actors.facilitatorA, activityId);
		const rows: string[][] = parse(activityRegisterCsv(after), { bom: true, delimiter: ';' });
		expect(rows).toHaveLength(after.lines.length + 1);
		for (const [i, line] of after.lines.entries()) {
			const row = rows[i + 1];
			expect(row[0]).toBe(actors.cohortA.name);
			expect(row[2]).toBe('Simulation d’entretien');
			expect(row[3]).toBe('2026-11-23 09:30');
			expect(row[7]).toBe(line.minutes === null ? '' : String(line.minutes));
		}
		const neutralised = rows.find((r) => r[5].includes('HYPERLINK'));
		expect(neutralised?.[5]).toMatch(/^'=HYPERLINK/);
		expect(neutralised?.[7]).toBe('45');
		const checkedIn = rows[after.lines.findIndex((l) => l.userId === actors.participantA.id) + 1];
		expect(checkedIn[8]).toMatch(/^2026-11-23 09:3\d$/);
	});

	it('for the whole cohort: every activity begun, none to come, only for the cohort’s facilitators', async () => {
		const at = START + 3 * 3_600_000;
		const register = await cohortRegister(db, actors.facilitatorA, actors.cohortA.id, at);
		expect(register.activities.every((a) => a.activity.startsAt <= at)).toBe(true);
		expect(register.activities.map((a) => a.activity.id)).toContain(activityId);
		const rows: string[][] = parse(cohortRegisterCsv(register), { bom: true, delimiter: ';' });
		expect(rows.length - 1).toBe(register.activities.reduce((n, a) => n + a.lines.length, 0));
		const sheet = await attendanceSheet(db, actors.facilitatorA, activityId);
		const mine = rows.filter((r) => r[2] === 'Simulation d’entretien' && r[3] === '2026-11-23 09:30');
		expect(mine.map((r) => r[7])).toEqual(sheet.lines.map((l) => (l.minutes === null ? '' : String(l.minutes))));
		for (const stranger of [actors.facilitatorB, actors.director, actors.participantA])
			expect(await refusal(cohortRegister(db, stranger, actors.cohortA.id, at))).toBe('403 error_forbidden');
	});
});
