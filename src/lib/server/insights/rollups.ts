import { AsyncLocalStorage } from 'node:async_hooks';
import { PostgresAdapter, type Insertable } from 'kysely';
import type { Db } from '#lib/server/db/index.ts';
import { newId } from '#lib/server/db/ids.ts';
import type { InsightsCohortTable, InsightsPersonTable } from '#lib/server/db/schema-insights.ts';
import { AUTONOMY_DIMENSIONS } from '#lib/autonomy/ladder.ts';
import { clock } from '#lib/server/clock.ts';
import { startJobLoop } from '#lib/server/jobs/loop.ts';
import { cohortQuery, computeFacts, coreSkillsByProgramme, validRollup, type KeyedPersonFacts } from './facts.ts';

/**
 * The director's figures kept up to date on write (issue 13): each cohort's person-level facts, as the
 * insights page aggregates them, stored in insights_cohort / insights_person (migration 0017). They are
 * never patched: every write that changes an input calls refreshRollup (or one of its siblings below) in
 * its transaction, which recomputes the cohort's rows from the raw tables with the very code the page
 * uses without rollups (computeFacts) — so they equal the recomputation by construction, and
 * rollups.db.test.ts checks it after the domain's writes. Live attendance and what the app observes people do
 * (skill evidence), the writes that come many at a time, mark their cohort instead, and the page reads a marked
 * cohort raw until a background refresh (markRollupPending below). A rollup holds for the instants in
 * [valid_from, valid_until): past them (a session begun, work due, a checkpoint reached since), the page
 * reads that cohort's raw rows until the next write refreshes it.
 */

/** The rollup row of one person's facts: the exact inverse of personFromRollup (facts.ts). */
export function rollupRow(p: KeyedPersonFacts): Insertable<InsightsPersonTable> {
	const row: Insertable<InsightsPersonTable> = {
		cohort_id: p.cohortId,
		user_id: p.userId,
		started: p.started ? 1 : 0,
		present_seconds: Math.round(p.presentMinutes * 60),
		handin_on_time: p.handIns.onTime,
		handin_late: p.handIns.late,
		handin_missing: p.handIns.missing,
		all_core_autonomous: p.allCoreAutonomous ? 1 : 0,
		moved_up_observed: p.movedUpObserved,
		moved_up_all: p.movedUpAll,
		not_yet_on_entry: p.notYetOnEntry ? 1 : 0,
		goals_set: p.goalsSet,
		goals_achieved: p.goalsAchieved,
		informal_minutes: p.informalMinutes,
		device_check_week_one: p.deviceCheckWeekOne ? 1 : 0,
		has_profile: p.profile ? 1 : 0,
		age_band: p.profile?.ageBand ?? null,
		education_level: p.profile?.education ?? null,
		out_of_work: p.profile?.outOfWork ?? null,
		benefits: JSON.stringify(p.profile?.benefits ?? []),
		obstacles: JSON.stringify(p.profile?.obstacles ?? []),
		outcome_exit: p.outcomes.exit,
		outcome_m3: p.outcomes.m3,
		outcome_m6: p.outcomes.m6
	};
	for (const dimension of AUTONOMY_DIMENSIONS) row[`gain_${dimension}`] = p.autonomyGain[dimension] ?? null;
	return row;
}

/** Ids per statement: well under both engines' bound-parameter limits. */
const CHUNK = 500;

/** What the rollups of `cohortIds` are at `now`, recomputed from the raw rows (nothing written). */
export async function recomputeRollups(
	db: Db,
	cohortIds: readonly string[],
	now: number,
	userId?: string
): Promise<{ cohorts: Insertable<InsightsCohortTable>[]; people: Insertable<InsightsPersonTable>[] }> {
	const cohorts: Insertable<InsightsCohortTable>[] = [];
	const people: Insertable<InsightsPersonTable>[] = [];
	const ids = [...new Set(cohortIds)];
	if (ids.length === 0) return { cohorts, people };
	const core = await coreSkillsByProgramme(db);
	for (let i = 0; i < ids.length; i += CHUNK) {
		const chunk = ids.slice(i, i + CHUNK);
		const rows = await cohortQuery(db).where('cohort.id', 'in', chunk).execute();
		// computeFacts works in one club's time zone at a time.
		const byZone = new Map<string, typeof rows>();
		for (const r of rows) byZone.set(r.time_zone, [...(byZone.get(r.time_zone) ?? []), r]);
		for (const [tz, group] of byZone) {
			const groupIds = group.map((c) => c.id);
			const scope = db.selectFrom('cohort as refreshed').select('refreshed.id').where('refreshed.id', 'in', groupIds);
			const facts = await computeFacts(db, tz, group, scope, core, now, userId);
			for (const c of group) {
				const bounds = facts.bounds.get(c.id);
				cohorts.push({
					cohort_id: c.id,
					scheduled_minutes: facts.scheduledBy.get(c.id) ?? 0,
					sessions_without_register: facts.withoutRegisterBy.get(c.id) ?? 0,
					computed_at: now,
					valid_from: bounds?.validFrom ?? null,
					valid_until: bounds?.validUntil ?? null
				});
			}
			for (const p of facts.people) people.push(rollupRow(p));
		}
	}
	return { cohorts, people };
}

/**
 * Recomputes the rollups of these cohorts from the raw rows; call it in the transaction of the write. With
 * `userId`, only that participant's rows, when the cohorts' rollups still hold at `now` (the others' rows
 * are then still those of `now`); the whole cohorts otherwise.
 */
export async function refreshRollups(
	db: Db,
	cohortIds: readonly string[],
	now: number,
	userId?: string
): Promise<void> {
	const deferred = deferredRefreshes.getStore();
	if (deferred) return void cohortIds.forEach((id) => deferred.add(id));
	let ids = [...new Set(cohortIds)].sort();
	if (ids.length === 0) return;
	// PostgreSQL: one refresh of a cohort at a time, each seeing the raw rows the one before committed (SQLite
	// writes one transaction at a time already). NO KEY UPDATE leaves other writes' foreign-key checks free.
	if (db.getExecutor().adapter instanceof PostgresAdapter) {
		for (let i = 0; i < ids.length; i += CHUNK) {
			await db
				.selectFrom('cohort')
				.select('id')
				.where('id', 'in', ids.slice(i, i + CHUNK))
				.orderBy('id')
				.forNoKeyUpdate()
				.execute();
		}
	}
	if (userId !== undefined) {
		const holding = new Set(
			(await validRollup(db, now).where('insights_cohort.cohort_id', 'in', ids).execute()).map((r) => r.cohort_id)
		);
		const whole = ids.filter((id) => !holding.has(id));
		await refreshRollups(db, whole, now);
		ids = ids.filter((id) => holding.has(id));
		if (ids.length === 0) return;
	}
	const { cohorts, people } = await recomputeRollups(db, ids, now, userId);
	for (let i = 0; i < ids.length; i += CHUNK) {
		const chunk = ids.slice(i, i + CHUNK);
		await db
			.deleteFrom('insights_person')
			.where('cohort_id', 'in', chunk)
			.$if(userId !== undefined, (qb) => qb.where('user_id', '=', userId!))
			.execute();
		await db.deleteFrom('insights_cohort').where('cohort_id', 'in', chunk).execute();
	}
	for (let i = 0; i < cohorts.length; i += CHUNK) {
		// A new refresh id every time (migration 0018): the page's cache knows these rows changed.
		await db
			.insertInto('insights_cohort')
			.values(cohorts.slice(i, i + CHUNK).map((c) => ({ ...c, refresh_id: newId() })))
			.execute();
	}
	// About 30 columns a row: 500 rows stay under SQLite's 32,766 and PostgreSQL's 65,535 parameters.
	for (let i = 0; i < people.length; i += CHUNK) {
		await db
			.insertInto('insights_person')
			.values(people.slice(i, i + CHUNK))
			.execute();
	}
}

/** One cohort's rollup: every participant's row, or only `userId`'s (see refreshRollups). */
export async function refreshRollup(db: Db, cohortId: string, now: number, userId?: string): Promise<void> {
	await refreshRollups(db, [cohortId], now, userId);
}

/** This person's rows in every cohort they take part in (their skills, device checks and profile follow them). */
export async function refreshRollupsOfUser(db: Db, userId: string, now: number): Promise<void> {
	await refreshRollups(db, await participantCohortIds(db, userId), now, userId);
}

/** The cohorts this person takes part in as a participant (their rows in them follow what they do). */
async function participantCohortIds(db: Db, userId: string): Promise<string[]> {
	const rows = await db
		.selectFrom('cohort_member')
		.select('cohort_id')
		.where('user_id', '=', userId)
		.where('role', '=', 'participant')
		.execute();
	return rows.map((r) => r.cohort_id);
}

/** Every cohort following this programme (its core skills and settings). */
export async function refreshRollupsOfProgramme(db: Db, programmeId: string, now: number): Promise<void> {
	const rows = await db.selectFrom('cohort').select('id').where('programme_id', '=', programmeId).execute();
	await refreshRollups(
		db,
		rows.map((r) => r.id),
		now
	);
}

/**
 * Live attendance (LiveKit's webhooks, room reports, the reconciler) marks its cohort instead of refreshing
 * the rollup in its transaction: the webhooks of a busy club would otherwise queue behind one another on the
 * cohort's lock, each recomputing the cohort. Until the background refresh (refreshPendingRollups) clears the
 * marks, the director's page reads that cohort from its raw rows (validRollup leaves it out), so its figures
 * stay exact. `source` is what changed (a person's id, a room's name): on PostgreSQL a mark's row is locked
 * until its write commits, so only changes of the same source wait for each other — call it last in the write.
 */
export async function markRollupPending(db: Db, cohortId: string, source: string, now: number): Promise<void> {
	await markRollupsPending(db, [{ cohortId, source }], now);
}

/**
 * markRollupPending for many (cohort, source) marks in one statement (a batch of webhooks). The rows are
 * written in one order, whoever writes them, so that two such writes never wait for each other in a cycle.
 */
export async function markRollupsPending(
	db: Db,
	marks: { cohortId: string; source: string }[],
	now: number
): Promise<void> {
	const deferred = deferredRefreshes.getStore();
	if (deferred) return void marks.forEach((m) => deferred.add(m.cohortId));
	const rows = new Map(marks.map((m) => [`${m.cohortId} ${m.source}`, m]));
	if (!rows.size) return;
	await db
		.insertInto('insights_pending')
		.values(
			[...rows]
				.sort(([a], [b]) => (a < b ? -1 : 1))
				.map(([, m]) => ({ cohort_id: m.cohortId, source: m.source, marked_at: now }))
		)
		.onConflict((oc) => oc.columns(['cohort_id', 'source']).doUpdateSet({ marked_at: now }))
		.execute();
}

/** markRollupPending for every cohort this person takes part in (what the app saw them do follows them). */
export async function markRollupsPendingOfUser(db: Db, userId: string, now: number): Promise<void> {
	for (const cohortId of await participantCohortIds(db, userId)) await markRollupPending(db, cohortId, userId, now);
}

/**
 * Refreshes the rollups of the cohorts marked by live attendance, one transaction each, and clears their marks;
 * returns how many cohorts it refreshed. The marks are deleted first in that transaction: a write that marked
 * the cohort before and has not committed holds its mark's row, so the delete waits for it and the
 * recomputation below sees its rows; a mark inserted by a write not yet committed is not deleted and stays for
 * the next run, as does one written after the delete.
 */
export async function refreshPendingRollups(db: Db, now: number, limit = 200): Promise<number> {
	const pending = await db
		.selectFrom('insights_pending')
		.select('cohort_id')
		.groupBy('cohort_id')
		.orderBy((eb) => eb.fn.min('marked_at'))
		.limit(limit)
		.execute();
	let refreshed = 0;
	for (const { cohort_id } of pending) {
		await inTransaction(db, async (trx) => {
			const taken = await trx.deleteFrom('insights_pending').where('cohort_id', '=', cohort_id).executeTakeFirst();
			if (Number(taken.numDeletedRows) === 0) return;
			await refreshRollups(trx, [cohort_id], now);
			refreshed++;
		});
	}
	return refreshed;
}

/** Refreshes the marked cohorts' rollups every `everyMs`, on one app instance at a time; returns a stop function. */
export function startRollupRefresher(db: Db, everyMs: number, holder?: string): () => Promise<void> {
	return startJobLoop(db, {
		name: 'insights-pending',
		everyMs,
		holder,
		run: async () => void (await refreshPendingRollups(db, clock.now()))
	});
}

/** Runs `work` in a transaction: the caller's own when `db` is one already, a new one otherwise. */
export async function inTransaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
	return db.isTransaction ? work(db) : db.transaction().execute(work);
}

const deferredRefreshes = new AsyncLocalStorage<Set<string>>();

/**
 * Runs `work` (many writes through the domain's functions, e.g. the demo's two years of history) with the
 * rollup refreshes its writes ask for held back, then refreshes every cohort they named once, as of `now`.
 * Only for seeding: a request never runs inside it.
 */
export async function withDeferredRollups<T>(db: Db, now: number, work: () => Promise<T>): Promise<T> {
	const cohorts = new Set<string>();
	const result = await deferredRefreshes.run(cohorts, work);
	await inTransaction(db, (trx) => refreshRollups(trx, [...cohorts], now));
	return result;
}
