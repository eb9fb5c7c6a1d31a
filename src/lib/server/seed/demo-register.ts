import type { Db } from '#lib/server/db/index.ts';
import type { Actor } from '#lib/server/auth/policy.ts';
import { zonedInstant, zonedParts } from '#lib/server/cohorts/local-time.ts';
import { recordMark, type Mark } from '#lib/server/attendance/attendance.ts';
import { withDeferredRollups } from '#lib/server/insights/rollups.ts';

/**
 * The running demo cohort's register for its sessions before today, written through the attendance sheet's
 * domain function (as a facilitator marks it): most people present, in person or by video, some late by
 * phone, a few absent or excused — so the director's page shows a real attendance for it. Today's sessions
 * are left unmarked (the register is taken during the session), and last year's demo cohort keeps no register
 * at all: the director's page shows it "non renseigné" (insights/facts.ts, REGISTER RULE).
 */
export async function seedDemoRegister(db: Db, facilitator: Actor, cohortId: string, timeZone: string, now: number) {
	const todayStart = zonedInstant(zonedParts(now, timeZone).date, '00:00', timeZone);
	const sessions = await db
		.selectFrom('activity')
		.select(['id', 'starts_at', 'duration_minutes'])
		.where('cohort_id', '=', cohortId)
		.where('cancelled_at', 'is', null)
		.where('starts_at', '<', todayStart)
		.orderBy('starts_at')
		.execute();
	const people = await db
		.selectFrom('cohort_member')
		.select('user_id')
		.where('cohort_id', '=', cohortId)
		.where('role', '=', 'participant')
		.orderBy('joined_at')
		.orderBy('user_id')
		.execute();
	await withDeferredRollups(db, now, async () => {
		for (const [j, s] of sessions.entries()) {
			for (const [i, p] of people.entries()) {
				const draw = (i * 7 + j * 3) % 20;
				const mark: Mark =
					draw === 0 || draw === 11
						? { status: 'absent', mode: 'in_person', minutes: null }
						: draw === 5
							? { status: 'excused', mode: 'in_person', minutes: null }
							: draw === 8 || draw === 15
								? { status: 'late', mode: 'phone', minutes: Math.max(15, s.duration_minutes - 30) }
								: { status: 'present', mode: i % 3 === 0 ? 'video' : 'in_person', minutes: null };
				await recordMark(db, facilitator, s.id, p.user_id, mark, s.starts_at + s.duration_minutes * 60_000);
			}
		}
	});
}
