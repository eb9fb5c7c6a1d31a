import { timingSafeEqual } from 'node:crypto';
import type { Db } from '#lib/server/db/index.ts';
import { newId } from '#lib/server/db/ids.ts';
import { requireCohortFacilitator, requireOwnParticipation, type Actor } from '#lib/server/auth/policy.ts';
import { DomainError } from '#lib/server/http/errors.ts';
import { activityOf } from './attendance.ts';
import { attendanceRulesOfCohort } from '#lib/server/organisation/settings.ts';
import { inTransaction, refreshRollup } from '#lib/server/insights/rollups.ts';
import { clock } from '#lib/server/clock.ts';

/**
 * In-person check-in by QR code. The facilitator's screen shows a code that it replaces every
 * ROTATE_MS; a participant in the room scans it with their phone, already signed in, and is marked
 * present in person — the same register as the video and phone modes. Only the code shown now is
 * accepted, and for CODE_LIFETIME_MS at the most (a screen closed mid-activity leaves no code that
 * works): a photo sent to someone at home is refused once the screen has moved on.
 */
export const ROTATE_MS = 30_000;
/** The rotation, plus the time to scan and load the page on a slow phone. */
export const CODE_LIFETIME_MS = 60_000;
/** Check-in opens this long before the activity starts and closes this long after it ends. */
const OPENS_BEFORE_MS = 30 * 60_000;
const CLOSES_AFTER_MS = 15 * 60_000;

function requireOpen(activity: Awaited<ReturnType<typeof activityOf>>, now: number) {
	if (activity.kind === 'async' || activity.kind === 'informal')
		throw new DomainError(409, 'checkin_error_not_a_session', `activity ${activity.id} is ${activity.kind}`);
	if (activity.cancelled_at !== null)
		throw new DomainError(409, 'everyday_error_cancelled', `activity ${activity.id} is cancelled`);
	const end = activity.starts_at + activity.duration_minutes * 60_000;
	if (now < activity.starts_at - OPENS_BEFORE_MS || now > end + CLOSES_AFTER_MS)
		throw new DomainError(409, 'checkin_error_closed', `activity ${activity.id} is not on now`);
}

/** A new code for the activity's screen (its facilitators): the previous one stops working. */
export async function issueCheckinCode(db: Db, actor: Actor, activityId: string, now = clock.now()) {
	const activity = await activityOf(db, activityId);
	await requireCohortFacilitator(db, actor, activity.cohort_id);
	requireOpen(activity, now);
	const row = { code: newId() + newId(), issued_at: now, issued_by: actor.id };
	await db
		.insertInto('checkin_code')
		.values({ activity_id: activityId, ...row })
		.onConflict((oc) => oc.column('activity_id').doUpdateSet(row))
		.execute();
	return { code: row.code, issuedAt: now, rotateAt: now + ROTATE_MS };
}

const sameCode = (a: string, b: string) =>
	a.length === b.length && timingSafeEqual(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

/**
 * A participant checks in with the code they scanned: marked present in person (late when they
 * arrive more than 10 minutes after the start). Once present, a second check-in changes nothing
 * (`already`). A code that is not the one shown now, or is too old, is refused (410).
 */
export async function checkIn(
	db: Db,
	actor: Actor,
	activityId: string,
	code: string,
	now = clock.now()
): Promise<{ already: boolean; late: boolean }> {
	const activity = await activityOf(db, activityId);
	await requireOwnParticipation(db, actor, activity.cohort_id);
	requireOpen(activity, now);
	const shown = await db
		.selectFrom('checkin_code')
		.select(['code', 'issued_at'])
		.where('activity_id', '=', activityId)
		.executeTakeFirst();
	if (!shown || !sameCode(shown.code, code) || now - shown.issued_at > CODE_LIFETIME_MS)
		throw new DomainError(410, 'checkin_error_expired', `stale check-in code for activity ${activityId}`);
	return inTransaction(db, async (trx) => {
		const existing = await trx
			.selectFrom('attendance')
			.select(['mode', 'source', 'late'])
			.where('activity_id', '=', activityId)
			.where('user_id', '=', actor.id)
			.executeTakeFirst();
		// Present already, in the room or marked so by a facilitator: nothing to change.
		if (existing && (existing.source === 'checkin' || (existing.source === 'manual' && existing.mode === 'in_person')))
			return { already: true, late: existing.late === 1 };
		// Arriving later than the organisation's "late after" minutes is late, as on the sheet.
		const { lateAfterMinutes } = await attendanceRulesOfCohort(trx, activity.cohort_id);
		const late = now > activity.starts_at + lateAfterMinutes * 60_000;
		const row = {
			mode: 'in_person' as const,
			source: 'checkin' as const,
			marked_by: null,
			late: late ? 1 : 0,
			marked_minutes: null,
			first_joined_at: now,
			updated_at: now
		};
		await trx
			.insertInto('attendance')
			.values({ activity_id: activityId, user_id: actor.id, seconds: 0, last_left_at: null, ...row })
			.onConflict((oc) => oc.columns(['activity_id', 'user_id']).doUpdateSet(row))
			.execute();
		await refreshRollup(trx, activity.cohort_id, now, actor.id);
		return { already: false, late };
	});
}
