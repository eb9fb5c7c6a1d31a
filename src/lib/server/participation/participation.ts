/**
 * Participation in a live activity, per person — never a grade: minutes present, time speaking, camera time,
 * chat messages, hands raised, reactions and poll answers. Figures are shown to the cohort's facilitators (a
 * debrief) and to each person for themself; nobody else, no ranking, no score.
 *
 * Where each figure comes from:
 * - minutes present: the register (LiveKit's signed webhooks, or the facilitator's mark / the QR check-in);
 * - speaking and camera: the person's own room page reports when livekit-server's active-speaker updates named
 *   them and when their camera was on; the server keeps only what falls inside their presences in the
 *   activity's rooms (opened by the webhooks), and counts overlapping reports once;
 * - chat messages: counted by the page (the text never reaches the server); hands: counted when the server sets
 *   the hand; reactions and poll answers: their own rows.
 */
import type { Db } from '#lib/server/db/index.ts';
import { newId } from '#lib/server/db/ids.ts';
import { requireParticipationOverview, requireParticipationReader, type Actor } from '#lib/server/auth/policy.ts';
import { registerLines, type SheetLine } from '#lib/server/attendance/attendance.ts';
import { coveredMilliseconds, type Interval } from '#lib/server/attendance/minutes.ts';
import { inTransaction } from '#lib/server/insights/rollups.ts';
import { roomActivity } from '#lib/server/livekit/tickets.ts';
import { organisationTimeZone } from '#lib/server/cohorts/cohorts.ts';
import type { AgoSpan, ParticipationReport, ParticipationSpanKind } from '#lib/room/contract.ts';
import { clock } from '#lib/server/clock.ts';

/** One person's figures for one activity. Seconds are whole seconds; counts are counts. */
export interface PersonParticipation {
	userId: string;
	name: string;
	/** The register's line: how and how long the person attended (null minutes: nobody saw or marked them). */
	mode: SheetLine['mode'];
	presentMinutes: number | null;
	speakingSeconds: number;
	cameraSeconds: number;
	messages: number;
	handsRaised: number;
	reactions: number;
	pollAnswers: number;
}

/** The parts of `span` inside the union of `windows`. */
function clip(span: Interval, windows: readonly Interval[]): Interval[] {
	return windows
		.map((w) => ({ start: Math.max(span.start, w.start), end: Math.min(span.end, w.end) }))
		.filter((piece) => piece.end > piece.start);
}

/**
 * Stores what a member's room page reported of them in an activity's room (the caller has checked that the
 * actor is a member of it). Spans come as milliseconds before `now`, so the page's clock does not matter; only
 * their parts inside the person's presences (open ones up to `now`) are kept.
 */
export async function recordParticipation(
	db: Db,
	activityId: string,
	userId: string,
	report: ParticipationReport,
	now = clock.now()
): Promise<void> {
	const presences = await db
		.selectFrom('presence')
		.select(['joined_at', 'left_at'])
		.where('activity_id', '=', activityId)
		.where('user_id', '=', userId)
		.execute();
	const windows = presences.map((p) => ({ start: p.joined_at, end: p.left_at ?? now }));
	const pieces = (kind: ParticipationSpanKind, spans: AgoSpan[]) =>
		spans.flatMap(([startedAgo, endedAgo]) =>
			clip({ start: now - startedAgo, end: now - endedAgo }, windows).map((piece) => ({ kind, ...piece }))
		);
	const rows = [...pieces('speaking', report.speaking), ...pieces('camera', report.camera)].map((piece) => ({
		id: newId(),
		activity_id: activityId,
		user_id: userId,
		kind: piece.kind,
		started_at: piece.start,
		ended_at: piece.end
	}));
	if (!rows.length && !report.messages) return;
	await inTransaction(db, async (trx) => {
		if (rows.length) await trx.insertInto('participation_span').values(rows).execute();
		if (report.messages) await countFor(trx, activityId, userId, { chat_messages: report.messages });
	});
}

/** A hand went up in one of the activity's rooms (the server set it on the person's participant). */
export async function countHandRaised(db: Db, activityId: string, userId: string): Promise<void> {
	await countFor(db, activityId, userId, { hands_raised: 1 });
}

async function countFor(
	db: Db,
	activityId: string,
	userId: string,
	add: { chat_messages?: number; hands_raised?: number }
): Promise<void> {
	const chat = add.chat_messages ?? 0;
	const hands = add.hands_raised ?? 0;
	await db
		.insertInto('participation_count')
		.values({ activity_id: activityId, user_id: userId, chat_messages: chat, hands_raised: hands })
		.onConflict((oc) =>
			oc.columns(['activity_id', 'user_id']).doUpdateSet((eb) => ({
				chat_messages: eb('participation_count.chat_messages', '+', chat),
				hands_raised: eb('participation_count.hands_raised', '+', hands)
			}))
		)
		.execute();
}

/** Each listed person's figures (no authorization: callers check who may read whose). */
async function figures(
	db: Db,
	activity: { id: string; cohort_id: string; starts_at: number; duration_minutes: number },
	only?: string
): Promise<PersonParticipation[]> {
	const lines = (await registerLines(db, activity)).filter((l) => only === undefined || l.userId === only);
	if (!lines.length) return [];
	const ids = lines.map((l) => l.userId);
	const [spans, counts, reactions, answers] = await Promise.all([
		db
			.selectFrom('participation_span')
			.select(['user_id', 'kind', 'started_at', 'ended_at'])
			.where('activity_id', '=', activity.id)
			.where('user_id', 'in', ids)
			.execute(),
		db
			.selectFrom('participation_count')
			.select(['user_id', 'chat_messages', 'hands_raised'])
			.where('activity_id', '=', activity.id)
			.where('user_id', 'in', ids)
			.execute(),
		db
			.selectFrom('reaction')
			.select(['user_id', (eb) => eb.fn.countAll().as('n')])
			.where('activity_id', '=', activity.id)
			.where('user_id', 'in', ids)
			.groupBy('user_id')
			.execute(),
		db
			.selectFrom('poll_answer')
			.innerJoin('poll', 'poll.id', 'poll_answer.poll_id')
			.select(['poll_answer.user_id', (eb) => eb.fn.countAll().as('n')])
			.where('poll.activity_id', '=', activity.id)
			.where('poll_answer.user_id', 'in', ids)
			.groupBy('poll_answer.user_id')
			.execute()
	]);
	const seconds = (userId: string, kind: ParticipationSpanKind) =>
		Math.round(
			coveredMilliseconds(
				spans
					.filter((s) => s.user_id === userId && s.kind === kind)
					.map((s) => ({ start: Number(s.started_at), end: Number(s.ended_at) }))
			) / 1000
		);
	return lines.map((line) => {
		const count = counts.find((c) => c.user_id === line.userId);
		return {
			userId: line.userId,
			name: line.name,
			mode: line.mode,
			presentMinutes: line.minutes,
			speakingSeconds: seconds(line.userId, 'speaking'),
			cameraSeconds: seconds(line.userId, 'camera'),
			messages: Number(count?.chat_messages ?? 0),
			handsRaised: Number(count?.hands_raised ?? 0),
			reactions: Number(reactions.find((r) => r.user_id === line.userId)?.n ?? 0),
			pollAnswers: Number(answers.find((a) => a.user_id === line.userId)?.n ?? 0)
		};
	});
}

const activitySummary = (activity: { id: string; title: string; starts_at: number; duration_minutes: number }) => ({
	id: activity.id,
	title: activity.title,
	startsAt: activity.starts_at,
	durationMinutes: activity.duration_minutes
});

/** Everyone's figures for one live activity, in the register's order (by name): the cohort's facilitators only. */
export async function activityParticipation(db: Db, actor: Actor, activityId: string) {
	const { activity, cohort, access } = await roomActivity(db, actor, activityId);
	requireParticipationOverview(actor, access, activityId);
	return {
		cohort: { id: cohort.id, name: cohort.name },
		timeZone: await organisationTimeZone(db, cohort.organisation_id),
		activity: activitySummary(activity),
		people: await figures(db, activity)
	};
}

/** One person's figures for one live activity: that person, and the cohort's facilitators; anyone else 403. */
export async function personParticipation(
	db: Db,
	actor: Actor,
	activityId: string,
	userId: string
): Promise<PersonParticipation | null> {
	const { activity, access } = await roomActivity(db, actor, activityId);
	requireParticipationReader(actor, access, userId, activityId);
	return (await figures(db, activity, userId))[0] ?? null;
}

/** How long after its end a session's figures stay on /me. */
export const LAST_SESSION_SHOWN_MS = 14 * 24 * 3_600_000;

/**
 * For /me: the person's own figures for the last live activity they were in, once they have left its rooms
 * (shown for two weeks after it). null when there is none.
 */
export async function myLastSession(db: Db, actor: Actor, now = clock.now()) {
	const last = await db
		.selectFrom('presence')
		.innerJoin('activity', 'activity.id', 'presence.activity_id')
		.select(['activity.id', 'activity.title', 'activity.starts_at', 'activity.duration_minutes'])
		.where('presence.user_id', '=', actor.id)
		.where('activity.kind', '=', 'live')
		.where('activity.cancelled_at', 'is', null)
		.where('presence.joined_at', '>', now - LAST_SESSION_SHOWN_MS)
		.orderBy('presence.joined_at', 'desc')
		.limit(1)
		.executeTakeFirst();
	if (!last) return null;
	const stillIn = await db
		.selectFrom('presence')
		.select('id')
		.where('activity_id', '=', last.id)
		.where('user_id', '=', actor.id)
		.where('left_at', 'is', null)
		.executeTakeFirst();
	if (stillIn) return null;
	const mine = await personParticipation(db, actor, last.id, actor.id);
	return mine ? { activity: activitySummary(last), figures: mine } : null;
}
