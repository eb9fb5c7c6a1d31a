// Bench (not a test): the director's /insights for the whole large organisation (`npm run db:seed:large`),
// server time over several runs, beside the raw floor — the same per-cohort aggregates as ONE hand-written
// SQL query — in the same run. Targets (issue 13): p50 ≤ 300 ms and ≤ 1.5 × the floor.
//
//   DATA_DIR=data/large npm run bench:insights [-- --runs=15]                          (SQLite)
//   DATABASE_URL=postgres://… npm run bench:insights [-- --pg-schema=insights_large]   (PostgreSQL)
//
// "Server time" is the page's load (insightsView: every query, every figure, the case mix and the
// model), the part of a request that grows with the data; it is timed in-process, without HTTP. Three
// cases: nothing kept (a fresh process: every rollup read, every figure computed, the model fitted);
// after a write (one participant's rollup refreshed, as a live attendance tick does: that cohort read
// again, the totals and case mix recomputed, the model kept unless its people changed); unchanged since
// the last request (the kept view, after the queries that prove nothing changed). The bench also times
// what the rollups add to a write: one participant's refresh (attendance tick) and a whole cohort's
// (salon presence, activity edits), in a transaction of their own.
// What the floor leaves out, because SQL cannot do it portably or at all: medians (no portable
// percentile in SQLite), the small-number rule, intervals, case mix and the logistic regression.
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { createDb, dbConfigFromEnv, isPostgresUrl, type Db } from '#lib/server/db/index.ts';
import { forgetKeptFigures, insightsView, NO_FILTER } from '#lib/server/insights/insights.ts';
import { refreshRollup } from '#lib/server/insights/rollups.ts';
import { LARGE_DIRECTOR_EMAIL } from '#lib/server/seed/large.ts';
import { AUTONOMY_DIMENSIONS } from '#lib/autonomy/ladder.ts';
import {
	isAnyEmployment,
	isDurableEmployment,
	isPositiveExit,
	SITUATIONS,
	type Situation
} from '#lib/outcomes/situations.ts';

const { values } = parseArgs({
	options: { runs: { type: 'string', default: '15' }, 'pg-schema': { type: 'string' } }
});
const RUNS = Number(values.runs);
const pgSchema = values['pg-schema'];
const config = { ...dbConfigFromEnv(), ...(pgSchema ? { pgSchema } : {}) };
const postgres = isPostgresUrl(config.databaseUrl);

const list = (test: (s: Situation) => boolean) => sql.join(SITUATIONS.filter(test).map((s) => sql.lit(s)));

/** The per-cohort aggregates of the page, as lean as SQL allows, in one statement. */
function floorQuery(db: Db, organisationId: string, now: number) {
	// Cohort dates are local days; the floor reads them as UTC midnight (the app converts them in the club's zone).
	const epochMs = (column: string) =>
		postgres
			? sql`(extract(epoch from ${sql.ref(column)}::date) * 1000)::bigint`
			: sql`cast((julianday(${sql.ref(column)}) - 2440587.5) * 86400000 as integer)`;
	const rank = sql`case e.level when 'autonomous' then 2 when 'with_help' then 1 else 0 end`;
	const level = (before: ReturnType<typeof epochMs>, observedOnly: boolean) => {
		const kept = observedOnly ? sql`and e.source <> 'self'` : sql``;
		// The latest facilitator's level overrides; otherwise the best level observed or declared.
		return sql`coalesce(
			max(case when e.source = 'facilitator' and e.at < ${before} ${kept} then e.at * 4 + ${rank} end) % 4,
			max(case when e.source <> 'facilitator' and e.at < ${before} ${kept} then ${rank} end),
			0)`;
	};
	const start = epochMs('s.start_date');
	const end = sql`(${epochMs('s.end_date')} + 86400000)`;
	const gains = AUTONOMY_DIMENSIONS.map(
		(d) => sql`
			sum(case when g.dimension = ${d} then 1 else 0 end) as ${sql.ref(`${d}_n`)},
			sum(case when g.dimension = ${d} then g.gain else 0 end) as ${sql.ref(`${d}_sum`)},
			sum(case when g.dimension = ${d} then g.gain * g.gain else 0 end) as ${sql.ref(`${d}_squares`)}`
	);
	const outcomeColumns = (['exit', 'm3', 'm6'] as const).map(
		(c) => sql`
			sum(case when o.checkpoint = ${c} and o.situation in (${list(isDurableEmployment)}) then 1 else 0 end)
				as ${sql.ref(`${c}_durable`)},
			sum(case when o.checkpoint = ${c} and o.situation in (${list(isAnyEmployment)}) then 1 else 0 end)
				as ${sql.ref(`${c}_employment`)},
			sum(case when o.checkpoint = ${c} and o.situation in (${list(isPositiveExit)}) then 1 else 0 end)
				as ${sql.ref(`${c}_positive`)},
			sum(case when o.checkpoint = ${c} and o.situation = 'no_news' then 1 else 0 end) as ${sql.ref(`${c}_no_news`)},
			sum(case when o.checkpoint = ${c} then 1 else 0 end) as ${sql.ref(`${c}_recorded`)}`
	);
	return sql`
		with scoped as (
			select id, programme_id, start_date, end_date from cohort where organisation_id = ${organisationId}
		),
		members as (
			select m.cohort_id, m.user_id from cohort_member m join scoped s on s.id = m.cohort_id
			where m.role = 'participant'
		),
		scheduled as (
			select a.cohort_id, sum(a.duration_minutes) as minutes from activity a join scoped s on s.id = a.cohort_id
			where a.optional = 0 and a.cancelled_at is null and a.starts_at < ${now}
				and exists (select 1 from attendance r where r.activity_id = a.id) -- the register rule (insights/facts.ts)
			group by a.cohort_id
		),
		attended as (
			select a.cohort_id, t.user_id,
				sum(case when a.optional = 1 or t.mode in ('absent', 'excused') then 0
					when t.seconds > a.duration_minutes * 60 then a.duration_minutes * 60 else t.seconds end) as seconds,
				sum(case when t.mode not in ('absent', 'excused') and t.seconds > 0 then 1 else 0 end) as sessions
			from attendance t join activity a on a.id = t.activity_id join scoped s on s.id = a.cohort_id
			where a.cancelled_at is null and a.starts_at < ${now}
			group by a.cohort_id, t.user_id
		),
		handins as (
			select a.cohort_id, m.user_id,
				sum(case when f.first_at is null then 1 else 0 end) as missing,
				sum(case when f.first_at <= g.due_at then 1 else 0 end) as on_time,
				sum(case when f.first_at > g.due_at then 1 else 0 end) as late
			from assignment g join activity a on a.id = g.activity_id join scoped s on s.id = a.cohort_id
			join members m on m.cohort_id = a.cohort_id
			left join (select activity_id, user_id, min(submitted_at) as first_at from submission
				group by activity_id, user_id) f on f.activity_id = g.activity_id and f.user_id = m.user_id
			where a.cancelled_at is null and g.due_at < ${now}
			group by a.cohort_id, m.user_id
		),
		core as (
			select distinct b.programme_id, k.skill_id from programme_block_skill k
			join programme_block b on b.id = k.block_id
		),
		skill_levels as (
			select m.cohort_id, m.user_id, e.skill_id,
				${level(start, false)} as entry_all, ${level(end, false)} as end_all,
				${level(start, true)} as entry_observed, ${level(end, true)} as end_observed
			from skill_evidence e join members m on m.user_id = e.user_id join scoped s on s.id = m.cohort_id
			join core c on c.programme_id = s.programme_id and c.skill_id = e.skill_id
			group by m.cohort_id, m.user_id, e.skill_id
		),
		skills as (
			select cohort_id, user_id,
				sum(case when end_all = 2 then 1 else 0 end) as autonomous,
				sum(case when end_all > entry_all then 1 else 0 end) as moved_all,
				sum(case when end_observed > entry_observed then 1 else 0 end) as moved_observed,
				max(entry_all) as best_entry
			from skill_levels group by cohort_id, user_id
		),
		core_count as (select programme_id, count(*) as n from core group by programme_id),
		gains as (
			select a.cohort_id, a.person_id, sc.dimension as dimension,
				max(case when a.stage = 'end' then sc.facilitator_level end)
					- max(case when a.stage = 'intake' then sc.facilitator_level end) as gain
			from autonomy_assessment a join scoped s on s.id = a.cohort_id
			join autonomy_score sc on sc.assessment_id = a.id
			where a.stage in ('intake', 'end') and sc.facilitator_level is not null
			group by a.cohort_id, a.person_id, sc.dimension
		),
		gain_totals as (
			select g.cohort_id, ${sql.join(gains)} from gains g where g.gain is not null group by g.cohort_id
		),
		goal_totals as (
			select g.cohort_id, count(*) as goals_set, sum(case when g.status = 'achieved' then 1 else 0 end) as achieved,
				count(distinct g.user_id) as people
			from goal g join scoped s on s.id = g.cohort_id group by g.cohort_id
		),
		informal as (
			select i.cohort_id, sum(i.duration_minutes) as minutes
			from informal_moment_person p join informal_moment i on i.id = p.moment_id join scoped s on s.id = i.cohort_id
			group by i.cohort_id
		),
		outcome_totals as (
			select o.cohort_id, ${sql.join(outcomeColumns)}
			from outcome_record o join scoped s on s.id = o.cohort_id
			where o.superseded_at is null group by o.cohort_id
		),
		people as (
			select m.cohort_id,
				count(*) as enrolled,
				sum(case when coalesce(t.sessions, 0) > 0 then 1 else 0 end) as started,
				sum(coalesce(t.seconds, 0)) as present_seconds,
				sum(case when coalesce(t.seconds, 0) * 100 >= 85 * 60 * coalesce(sc.minutes, 0)
					and sc.minutes > 0 then 1 else 0 end) as completed,
				sum(coalesce(h.on_time, 0)) as on_time, sum(coalesce(h.late, 0)) as late,
				sum(coalesce(h.missing, 0)) as missing,
				sum(case when coalesce(k.autonomous, 0) = cc.n then 1 else 0 end) as all_autonomous,
				sum(coalesce(k.moved_observed, 0)) as moved_observed, sum(coalesce(k.moved_all, 0)) as moved_all,
				sum(case when coalesce(k.best_entry, 0) = 0 then 1 else 0 end) as not_yet_on_entry
			from members m join scoped s on s.id = m.cohort_id
			left join scheduled sc on sc.cohort_id = m.cohort_id
			left join attended t on t.cohort_id = m.cohort_id and t.user_id = m.user_id
			left join handins h on h.cohort_id = m.cohort_id and h.user_id = m.user_id
			left join skills k on k.cohort_id = m.cohort_id and k.user_id = m.user_id
			left join core_count cc on cc.programme_id = s.programme_id
			group by m.cohort_id
		)
		select s.id, s.start_date, sc.minutes as scheduled, p.*, gt.*, go.*, i.minutes as informal, o.*
		from scoped s
		left join scheduled sc on sc.cohort_id = s.id
		left join people p on p.cohort_id = s.id
		left join gain_totals gt on gt.cohort_id = s.id
		left join goal_totals go on go.cohort_id = s.id
		left join informal i on i.cohort_id = s.id
		left join outcome_totals o on o.cohort_id = s.id
		order by s.start_date
	`.execute(db);
}

type Sample = { ms: number; cpu: number };

/** Wall time, and the CPU time of this process (on SQLite that includes the database's own work). */
async function time<T>(work: () => Promise<T>): Promise<{ ms: number; cpu: number; result: T }> {
	const started = performance.now();
	const cpu = process.cpuUsage();
	const result = await work();
	const used = process.cpuUsage(cpu);
	return { ms: performance.now() - started, cpu: (used.user + used.system) / 1000, result };
}

const percentile = (sorted: number[], p: number) =>
	sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
const summary = (ms: number[]) => {
	const sorted = [...ms].sort((a, b) => a - b);
	return { p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), min: sorted[0], max: sorted.at(-1)! };
};
const db = createDb(config);
try {
	const director = await db
		.selectFrom('user')
		.select(['id', 'organisation_id', 'role', 'first_name', 'last_name', 'email'])
		.where('email', '=', LARGE_DIRECTOR_EMAIL)
		.executeTakeFirst();
	if (!director) throw new Error('No large organisation here: run `npm run db:seed:large` on this database first.');
	const counts = await db
		.selectFrom('cohort')
		.leftJoin('cohort_member', (j) =>
			j.onRef('cohort_member.cohort_id', '=', 'cohort.id').on('cohort_member.role', '=', 'participant')
		)
		.select((eb) => [
			eb.fn.count<number>('cohort.id').distinct().as('cohorts'),
			eb.fn.count<number>('cohort_member.user_id').as('participants')
		])
		.where('cohort.organisation_id', '=', director.organisation_id)
		.executeTakeFirstOrThrow();
	const now = Date.now();
	const load = (await import('node:os')).loadavg()[0].toFixed(1);
	console.log(
		`${postgres ? 'PostgreSQL' : 'SQLite'}: ${counts.cohorts} cohorts, ${counts.participants} participants; ` +
			`${RUNS} runs after one warm-up each; load average ${load} (${(await import('node:os')).cpus().length} cores)`
	);
	// The writes: participants of the cohorts running now (live ticks happen there), else of any cohort.
	const today = new Date(now).toISOString().slice(0, 10);
	const members = await db
		.selectFrom('cohort_member')
		.innerJoin('cohort', 'cohort.id', 'cohort_member.cohort_id')
		.select(['cohort_member.cohort_id', 'cohort_member.user_id', 'cohort.start_date', 'cohort.end_date'])
		.where('cohort.organisation_id', '=', director.organisation_id)
		.where('cohort_member.role', '=', 'participant')
		.execute();
	const running = members.filter((m) => m.start_date <= today && today <= m.end_date);
	const writers = running.length > 0 ? running : members;
	const pick = (run: number) => writers[(run * 7919) % writers.length];

	const cold: Sample[] = [];
	const afterWrite: Sample[] = [];
	const kept: Sample[] = [];
	const floor: Sample[] = [];
	const tick: Sample[] = [];
	const cohortRefresh: Sample[] = [];
	let rows = 0;
	const view = () => insightsView(db, director, NO_FILTER, null, now);
	// Warm-up (caches, JIT), then every case in turns so all see the same machine.
	await view();
	await floorQuery(db, director.organisation_id, now);
	for (let run = 0; run < RUNS; run++) {
		forgetKeptFigures();
		const first = await time(view);
		cold.push(first);
		rows = first.result.table.rows.length;
		const writer = pick(run);
		tick.push(
			await time(() => db.transaction().execute((trx) => refreshRollup(trx, writer.cohort_id, now, writer.user_id)))
		);
		afterWrite.push(await time(view));
		kept.push(await time(view));
		cohortRefresh.push(
			await time(() => db.transaction().execute((trx) => refreshRollup(trx, pick(run + 1).cohort_id, now)))
		);
		floor.push(await time(() => floorQuery(db, director.organisation_id, now)));
	}
	const f = summary(floor.map((x) => x.ms));
	const line = (label: string, samples: Sample[]) => {
		const wall = summary(samples.map((x) => x.ms));
		const cpu = summary(samples.map((x) => x.cpu));
		return (
			`${label.padEnd(44)}${wall.p50.toFixed(0).padStart(7)}${wall.p95.toFixed(0).padStart(7)}` +
			`${wall.min.toFixed(0).padStart(7)}${cpu.p50.toFixed(0).padStart(9)}` +
			`${(wall.p50 / f.p50).toFixed(2).padStart(9)}`
		);
	};
	console.log(
		`${'ms (wall; CPU of this process)'.padEnd(44)}${'p50'.padStart(7)}${'p95'.padStart(7)}${'min'.padStart(7)}${'CPU p50'.padStart(9)}${'÷ floor'.padStart(9)}`
	);
	console.log(line(`/insights, nothing kept (${rows} rows)`, cold));
	console.log(line('/insights, after one participant’s write', afterWrite));
	console.log(line('/insights, unchanged since', kept));
	console.log(line('floor: one hand-written SQL query', floor));
	console.log(line('write cost: one participant’s rollup', tick));
	console.log(line('write cost: one whole cohort’s rollup', cohortRefresh));
	console.log(
		`CPU: ${postgres ? "the database server's own work is not in it" : 'SQLite: the queries included'}. ` +
			`Targets: p50 ≤ 300 ms and ≤ 1.5 × the floor.`
	);
} finally {
	await db.destroy();
}
