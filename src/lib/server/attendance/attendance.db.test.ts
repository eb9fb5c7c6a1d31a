// The register outside a live room: a facilitator marks each participant of an in-person activity
// present, late, excused or absent, with the mode and the minutes; an unmarked sheet is blank, not
// "absent"; marks are audited; others, strangers and cancelled activities are refused.
import { describe, expect, it } from 'vitest';
import type { Db } from '#lib/server/db/index.ts';
import { refusalWithKey as refusal } from '#lib/server/db/test-db.ts';
import { addCohortAActivity, useSeededTestDb } from '#lib/server/db/test-fixtures.ts';
import type { DemoActors } from '#lib/server/seed/demo-actors.ts';
import { auditTrail } from '#lib/server/privacy/audit.ts';
import { attendanceSheet, markAttendance, recordMark } from './attendance.ts';

const NOW = Date.parse('2026-11-22T10:00:00Z');

let db: Db;
let actors: DemoActors;
let activityId: string;

useSeededTestDb(NOW, async (seeded) => {
	({ db, actors } = seeded);
	activityId = await addCohortAActivity(
		db,
		actors,
		{ kind: 'in_person', title: 'Simulation d’entretien', date: '2026-11-23', time: '09:30', durationMinutes: 180 },
		NOW
	);
});

const lineOf = async (userId: string) =>
	(await attendanceSheet(db, actors.facilitatorA, activityId)).lines.find((l) => l.userId === userId);

describe(`the attendance sheet of an in-person activity on ${process.env.TEST_DB}`, () => {
	it('is blank before anyone is marked: no status, no minutes, never "absent"', async () => {
		const sheet = await attendanceSheet(db, actors.facilitatorA, activityId);
		expect(sheet.lines.length).toBeGreaterThanOrEqual(10);
		for (const line of sheet.lines) expect(line).toMatchObject({ status: null, minutes: null, mode: null });
	});

	it('records present, late with minutes, excused and absent, each as the facilitator said it', async () => {
		const people = (await attendanceSheet(db, actors.facilitatorA, activityId)).lines.map((l) => l.userId);
		const [a, b, c, d, e] = people;
		await recordMark(db, actors.facilitatorA, activityId, a, { status: 'present', mode: 'in_person', minutes: null });
		await recordMark(
			db,
			actors.facilitatorA,
			activityId,
			b,
			{ status: 'late', mode: 'in_person', minutes: 150 },
			NOW + 1000
		);
		await recordMark(db, actors.facilitatorA, activityId, c, { status: 'excused', mode: 'in_person', minutes: 90 });
		await recordMark(db, actors.facilitatorA, activityId, d, { status: 'absent', mode: 'phone', minutes: null });
		await recordMark(db, actors.facilitatorA, activityId, e, { status: 'present', mode: 'phone', minutes: 60 });
		expect(await lineOf(a)).toMatchObject({ status: 'present', mode: 'in_person', minutes: 180, source: 'manual' });
		expect(await lineOf(b)).toMatchObject({ status: 'late', mode: 'in_person', minutes: 150, markedMinutes: 150 });
		expect(await lineOf(c)).toMatchObject({ status: 'excused', mode: 'excused', minutes: 0, markedMinutes: null });
		expect(await lineOf(d)).toMatchObject({ status: 'absent', mode: 'absent', minutes: 0 });
		expect(await lineOf(e)).toMatchObject({ status: 'present', mode: 'phone', minutes: 60 });
		// The others stay unmarked.
		expect(await lineOf(people[5])).toMatchObject({ status: null, minutes: null });
		// A change of mind replaces the mark (late → present clears "late" and the minutes).
		await recordMark(
			db,
			actors.facilitatorA,
			activityId,
			b,
			{ status: 'present', mode: 'in_person', minutes: null },
			NOW + 2000
		);
		expect(await lineOf(b)).toMatchObject({ status: 'present', minutes: 180, markedMinutes: null });
		// The live room's roster marks go through the same register.
		await markAttendance(db, actors.facilitatorA, activityId, people[5], 'excused');
		expect(await lineOf(people[5])).toMatchObject({ status: 'excused' });
	});

	it('audits every mark: who, which activity, what it was and what it became', async () => {
		const b = (await attendanceSheet(db, actors.facilitatorA, activityId)).lines[1].userId;
		const trail = await auditTrail(db, 'person', b);
		// The demo's register (its earlier sessions) is in the trail too: this activity's marks only.
		const marks = trail.filter((t) => t.action === 'attendance.mark' && t.detail?.startsWith(`${activityId} `));
		expect(marks.map((t) => t.detail)).toEqual([
			`${activityId} late/in_person/150 → in_person`,
			`${activityId} - → late/in_person/150`
		]);
		expect(marks.every((t) => t.actorId === actors.facilitatorA.id)).toBe(true);
	});

	it('refuses other people, strangers, too many minutes and a cancelled activity, and writes nothing', async () => {
		const who = actors.participantA.id;
		const mark = { status: 'present', mode: 'in_person', minutes: null } as const;
		const before = await lineOf(who);
		expect(await refusal(recordMark(db, actors.participantA, activityId, who, mark))).toBe('403 error_forbidden');
		expect(await refusal(recordMark(db, actors.facilitatorB, activityId, who, mark))).toBe('403 error_forbidden');
		expect(await refusal(recordMark(db, actors.director, activityId, who, mark))).toBe('403 error_forbidden');
		expect(await refusal(recordMark(db, actors.facilitatorA, activityId, actors.participantB.id, mark))).toBe(
			'404 error_not_found'
		);
		expect(
			await refusal(recordMark(db, actors.facilitatorA, activityId, who, { ...mark, status: 'late', minutes: 181 }))
		).toBe('400 everyday_error_minutes_over|180');
		await db.updateTable('activity').set({ cancelled_at: NOW }).where('id', '=', activityId).execute();
		expect(await refusal(recordMark(db, actors.facilitatorA, activityId, who, mark))).toBe(
			'409 everyday_error_cancelled'
		);
		await db.updateTable('activity').set({ cancelled_at: null }).where('id', '=', activityId).execute();
		expect(await lineOf(who)).toEqual(before);
		expect(await refusal(attendanceSheet(db, actors.participantA, activityId))).toBe('403 error_forbidden');
	});
});
