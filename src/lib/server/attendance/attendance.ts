import type { Db } from '#lib/server/db/index.ts';
import type { AttendanceMode } from '#lib/server/db/schema.ts';
import { requireCohortFacilitator, type Actor } from '#lib/server/auth/policy.ts';
import { DomainError, notFound } from '#lib/server/http/errors.ts';
import { organisationTimeZone } from '#lib/server/cohorts/cohorts.ts';
import { audit } from '#lib/server/privacy/audit.ts';
import type { ManualMode, RosterEntry } from '#lib/room/contract.ts';
import { coveredMilliseconds, presenceStatus, roundedMinutes } from './minutes.ts';
import { attendanceRulesOfCohort, type AttendanceRules } from '#lib/server/organisation/settings.ts';
import { clock } from '#lib/server/clock.ts';
import { inTransaction, markRollupsPending, refreshRollup } from '#lib/server/insights/rollups.ts';

/**
 * Recomputes one person's attendance of one activity from their presences in its rooms (main room
 * and breakouts). An open presence counts up to the last time the server saw the person, so a gap
 * the server could not explain (LiveKit down, a phone that vanished) is never counted as presence.
 * A facilitator's manual mark keeps its mode: the facilitator's word stands, the minutes follow.
 */
export async function recomputeAttendance(
	db: Db,
	activityId: string,
	userId: string,
	now = clock.now()
): Promise<void> {
	await recomputeAttendances(db, [{ activityId, userId }], now);
}

/**
 * recomputeAttendance for many (activity, person) pairs in three statements, whatever their number (a batch
 * of webhooks, a reconciliation); a pair without an activity (a salon's presence) is passed over. The rows are written in one order, so two such writes never wait in a cycle.
 */
export async function recomputeAttendances(
	db: Db,
	pairs: { activityId: string | null; userId: string }[],
	now = clock.now()
): Promise<void> {
	const keyOf = (activityId: string, userId: string) => `${activityId} ${userId}`;
	const wanted = new Set(pairs.flatMap((p) => (p.activityId ? [keyOf(p.activityId, p.userId)] : [])));
	if (!wanted.size) return;
	// Every presence of these people in these activities (a batch is mostly one activity: little more is read).
	const rows = await db
		.selectFrom('presence')
		.select(['activity_id', 'user_id', 'room_name', 'cohort_id', 'joined_at', 'left_at', 'last_seen_at'])
		.where('activity_id', 'in', [...new Set(pairs.flatMap((p) => p.activityId ?? []))])
		.where('user_id', 'in', [...new Set(pairs.map((p) => p.userId))])
		.execute();
	const presences = new Map<string, typeof rows>();
	for (const p of rows) {
		const key = keyOf(p.activity_id as string, p.user_id);
		if (wanted.has(key)) presences.set(key, [...(presences.get(key) ?? []), p]);
	}
	if (!presences.size) return;
	// The latest report of each person from any of these rooms says whether they took part by audio only.
	const reports = await db
		.selectFrom('room_report')
		.select(['user_id', 'room_name', 'mode'])
		.where('user_id', 'in', [...new Set([...presences.values()].map((ps) => ps[0].user_id))])
		.where('room_name', 'in', [...new Set(rows.map((p) => p.room_name))])
		.orderBy('at', 'desc')
		.execute();
	const written = [...presences].sort(([a], [b]) => (a < b ? -1 : 1));
	const values = written.map(([, ps]) => {
		const { activity_id, user_id } = ps[0];
		const rooms = new Set(ps.map((p) => p.room_name));
		const report = reports.find((r) => r.user_id === user_id && rooms.has(r.room_name));
		const closed = ps.filter((p) => p.left_at !== null).map((p) => p.left_at as number);
		const mode: AttendanceMode = report?.mode === 'audio' ? 'audio' : 'video';
		return {
			activity_id: activity_id as string,
			user_id,
			mode,
			source: 'livekit' as const,
			marked_by: null,
			seconds: Math.round(
				coveredMilliseconds(ps.map((p) => ({ start: p.joined_at, end: p.left_at ?? p.last_seen_at }))) / 1000
			),
			first_joined_at: Math.min(...ps.map((p) => p.joined_at)),
			last_left_at: closed.length === ps.length ? Math.max(...closed) : null,
			updated_at: now
		};
	});
	await inTransaction(db, async (trx) => {
		// One upsert: the minutes always follow LiveKit; the mode only while LiveKit is the row's source (a
		// facilitator's mark — "by phone", "in person" — stays as they set it).
		await trx
			.insertInto('attendance')
			.values(values)
			.onConflict((oc) =>
				oc.columns(['activity_id', 'user_id']).doUpdateSet((eb) => ({
					seconds: eb.ref('excluded.seconds'),
					first_joined_at: eb.ref('excluded.first_joined_at'),
					last_left_at: eb.ref('excluded.last_left_at'),
					updated_at: eb.ref('excluded.updated_at'),
					mode: eb
						.case()
						.when('attendance.source', '=', 'livekit')
						.then(eb.ref('excluded.mode'))
						.else(eb.ref('attendance.mode'))
						.end()
				}))
			)
			.execute();
		// The activity's cohort, for the director's figures: every presence of the activity holds it.
		await markRollupsPending(
			trx,
			written.map(([, ps]) => ({ cohortId: ps[0].cohort_id, source: ps[0].user_id })),
			now
		);
	});
}

/** The activity, or 404. */
export async function activityOf(db: Db, activityId: string) {
	const activity = await db.selectFrom('activity').selectAll().where('id', '=', activityId).executeTakeFirst();
	if (!activity) throw notFound(`activity ${activityId}`);
	return activity;
}

/** What a facilitator says of one person for one activity, on the attendance sheet or in the room. */
export const MARK_STATUSES = ['present', 'late', 'excused', 'absent'] as const;
export type MarkStatus = (typeof MARK_STATUSES)[number];
/** How a present (or late) person took part, as a facilitator marks it. */
export const PRESENT_MODES = ['in_person', 'phone', 'video'] as const;
export type PresentMode = (typeof PRESENT_MODES)[number];

export interface Mark {
	status: MarkStatus;
	/** Ignored when absent or excused. */
	mode: PresentMode;
	/** Minutes present (in person, phone); null = the whole activity. Ignored when absent or excused. */
	minutes: number | null;
}

/**
 * A facilitator marks one participant of one activity, before, during or after it, live or not: the
 * register's row becomes a manual one (video minutes keep coming from LiveKit), and the audit log
 * keeps who changed what (the previous mark included). A cancelled activity takes no marks.
 */
export async function recordMark(
	db: Db,
	actor: Actor,
	activityId: string,
	userId: string,
	mark: Mark,
	now = clock.now()
): Promise<void> {
	const activity = await activityOf(db, activityId);
	await requireCohortFacilitator(db, actor, activity.cohort_id);
	if (activity.cancelled_at !== null)
		throw new DomainError(409, 'everyday_error_cancelled', `activity ${activityId} is cancelled`);
	const attended = mark.status === 'present' || mark.status === 'late';
	if (attended && mark.minutes !== null && mark.minutes > activity.duration_minutes)
		throw new DomainError(
			400,
			`everyday_error_minutes_over|${activity.duration_minutes}`,
			`${mark.minutes} min for a ${activity.duration_minutes} min activity`
		);
	const member = await db
		.selectFrom('cohort_member')
		.select('user_id')
		.where('cohort_id', '=', activity.cohort_id)
		.where('user_id', '=', userId)
		.where('role', '=', 'participant')
		.executeTakeFirst();
	if (!member)
		throw new DomainError(
			404,
			'error_not_found',
			`user ${userId} is not a participant of cohort ${activity.cohort_id}`
		);
	const mode: AttendanceMode = mark.status === 'absent' || mark.status === 'excused' ? mark.status : mark.mode;
	const row = {
		mode,
		source: 'manual' as const,
		marked_by: actor.id,
		late: mark.status === 'late' ? 1 : 0,
		marked_minutes: attended ? mark.minutes : null,
		updated_at: now
	};
	await db.transaction().execute(async (trx) => {
		const before = await trx
			.selectFrom('attendance')
			.select(['mode', 'source', 'late', 'marked_minutes'])
			.where('activity_id', '=', activityId)
			.where('user_id', '=', userId)
			.executeTakeFirst();
		await trx
			.insertInto('attendance')
			.values({
				activity_id: activityId,
				user_id: userId,
				seconds: 0,
				first_joined_at: null,
				last_left_at: null,
				...row
			})
			.onConflict((oc) => oc.columns(['activity_id', 'user_id']).doUpdateSet(row))
			.execute();
		await refreshRollup(trx, activity.cohort_id, now, userId);
		const said = (r: { mode: string; late: number; marked_minutes: number | null }) =>
			`${r.late ? 'late' : r.mode}${r.late ? `/${r.mode}` : ''}${r.marked_minutes === null ? '' : `/${r.marked_minutes}`}`;
		await audit(
			trx,
			{
				actorId: actor.id,
				action: 'attendance.mark',
				subjectType: 'person',
				subjectId: userId,
				detail: `${activityId} ${before ? said(before) : '-'} → ${said(row)}`
			},
			now
		);
	});
}

/** A facilitator marks someone by hand in the live room's roster: in the room, on the phone, absent or excused. */
export async function markAttendance(
	db: Db,
	actor: Actor,
	activityId: string,
	userId: string,
	mode: ManualMode,
	now = clock.now()
) {
	const mark: Mark =
		mode === 'absent' || mode === 'excused'
			? { status: mode, mode: 'in_person', minutes: null }
			: { status: 'present', mode, minutes: null };
	await recordMark(db, actor, activityId, userId, mark, now);
}

/** The activity's cohort members (facilitators first, then by first name), each with their attendance row for it, if any. */
function membersWithAttendance(db: Db, activity: { id: string; cohort_id: string }) {
	return db
		.selectFrom('cohort_member')
		.innerJoin('user', 'user.id', 'cohort_member.user_id')
		.leftJoin('attendance', (join) =>
			join.onRef('attendance.user_id', '=', 'user.id').on('attendance.activity_id', '=', activity.id)
		)
		.select([
			'user.id',
			'user.first_name',
			'user.last_name',
			'cohort_member.role',
			'attendance.mode',
			'attendance.source',
			'attendance.seconds',
			'attendance.first_joined_at',
			'attendance.last_left_at',
			'attendance.late',
			'attendance.marked_minutes'
		])
		.where('cohort_member.cohort_id', '=', activity.cohort_id)
		.orderBy('cohort_member.role')
		.orderBy('user.first_name')
		.execute();
}

/** Everyone of the activity's cohort with what the server knows of their attendance (facilitators). */
export async function activityRoster(db: Db, actor: Actor, activityId: string): Promise<RosterEntry[]> {
	const activity = await activityOf(db, activityId);
	await requireCohortFacilitator(db, actor, activity.cohort_id);
	const rows = await membersWithAttendance(db, activity);
	const reports = await db
		.selectFrom('room_report')
		.select(['user_id', 'quality', 'at'])
		.where('room_name', 'like', `${activity.room_name ?? '-'}%`)
		.orderBy('at')
		.execute();
	const quality = new Map(reports.map((r) => [r.user_id, r.quality as RosterEntry['quality']]));
	return rows.map((r) => ({
		userId: r.id,
		firstName: r.first_name,
		role: r.role,
		mode: r.mode ?? null,
		source: r.source ?? null,
		minutes: roundedMinutes(r.seconds ?? 0),
		quality: quality.get(r.id) ?? null
	}));
}

/** A line's status on the sheet; null = nobody has marked the person and the server saw nothing ("non pointé"). */
export type SheetStatus = 'present' | 'late' | 'partial' | 'absent' | 'excused';

interface SheetActivity {
	starts_at: number;
	duration_minutes: number;
}
type MemberRow = Awaited<ReturnType<typeof membersWithAttendance>>[number];

/**
 * One participant's line of a register: mode, minutes and status. A facilitator's mark (or the
 * person's own check-in in the room) is their word: absent and excused as said, present or late with
 * the minutes written (the whole activity when none); video minutes come from LiveKit. A person
 * nobody has marked and the server never saw has no status and no minutes: a printed sheet is blank
 * until it is filled.
 */
function sheetLine(r: MemberRow, activity: SheetActivity, rules: AttendanceRules) {
	const base = {
		userId: r.id,
		name: [r.first_name, r.last_name].filter(Boolean).join(' '),
		mode: r.mode ?? null,
		source: r.source ?? null,
		markedMinutes: r.marked_minutes ?? null,
		firstJoinedAt: r.first_joined_at ?? null,
		lastLeftAt: r.last_left_at ?? null
	};
	if (!r.mode) return { ...base, minutes: null, status: null };
	const seconds = r.seconds ?? 0;
	if (r.mode === 'absent' || r.mode === 'excused') return { ...base, minutes: 0, status: r.mode };
	if (r.source !== 'livekit') {
		const liveMinutes = (r.mode === 'video' || r.mode === 'audio') && seconds > 0;
		return {
			...base,
			minutes: liveMinutes ? roundedMinutes(seconds) : (r.marked_minutes ?? activity.duration_minutes),
			status: r.late ? ('late' as const) : ('present' as const)
		};
	}
	return {
		...base,
		minutes: roundedMinutes(seconds),
		status: presenceStatus(
			seconds,
			activity.duration_minutes,
			r.first_joined_at ?? null,
			activity.starts_at,
			rules.thresholdPercent,
			rules.lateAfterMinutes
		)
	};
}
export type SheetLine = ReturnType<typeof sheetLine>;

/**
 * Each participant's line of one activity's register (the caller has checked who may read it), by the
 * organisation's attendance rules (`rules`, read here when not given).
 */
export async function registerLines(
	db: Db,
	activity: SheetActivity & { id: string; cohort_id: string },
	rules?: AttendanceRules
) {
	const rows = (await membersWithAttendance(db, activity)).filter((r) => r.role === 'participant');
	const applied = rules ?? (await attendanceRulesOfCohort(db, activity.cohort_id));
	return rows.map((r) => sheetLine(r, activity, applied));
}

/** The feuille d'émargement of one activity: cohort, activity, each participant, mode, minutes, status. */
export async function attendanceSheet(db: Db, actor: Actor, activityId: string) {
	const activity = await activityOf(db, activityId);
	const cohort = await requireCohortFacilitator(db, actor, activity.cohort_id);
	const lines = await registerLines(db, activity);
	return {
		cohort: { id: cohort.id, name: cohort.name, code: cohort.code },
		activity: {
			id: activity.id,
			title: activity.title,
			kind: activity.kind,
			startsAt: activity.starts_at,
			durationMinutes: activity.duration_minutes,
			place: activity.place,
			cancelled: activity.cancelled_at !== null
		},
		timeZone: await organisationTimeZone(db, cohort.organisation_id),
		lines
	};
}
export type AttendanceSheet = Awaited<ReturnType<typeof attendanceSheet>>;

/**
 * The register of a whole cohort, for its facilitators: every activity begun by `now` and not
 * cancelled, in time order, each with its participants' lines (the same rule as the sheet).
 */
export async function cohortRegister(db: Db, actor: Actor, cohortId: string, now = clock.now()) {
	const cohort = await requireCohortFacilitator(db, actor, cohortId);
	const activities = await db
		.selectFrom('activity')
		.select(['id', 'title', 'kind', 'starts_at', 'duration_minutes'])
		.where('cohort_id', '=', cohortId)
		.where('cancelled_at', 'is', null)
		.where('starts_at', '<=', now)
		.orderBy('starts_at')
		.orderBy('id')
		.execute();
	const rules = await attendanceRulesOfCohort(db, cohortId);
	const register = [];
	for (const activity of activities) {
		register.push({
			activity: {
				id: activity.id,
				title: activity.title,
				kind: activity.kind,
				startsAt: activity.starts_at,
				durationMinutes: activity.duration_minutes
			},
			lines: await registerLines(db, { ...activity, cohort_id: cohortId }, rules)
		});
	}
	return {
		cohort: { id: cohort.id, name: cohort.name, code: cohort.code },
		timeZone: await organisationTimeZone(db, cohort.organisation_id),
		activities: register
	};
}
export type CohortRegister = Awaited<ReturnType<typeof cohortRegister>>;
