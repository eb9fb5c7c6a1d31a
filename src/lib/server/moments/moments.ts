import type { Db } from '#lib/server/db/index.ts';
import { newId } from '#lib/server/db/ids.ts';
import type { MomentKind } from '#lib/server/db/schema-moments.ts';
import { DomainError } from '#lib/server/http/errors.ts';
import { cohortAccess, requireCohortFacilitator, type Actor } from '#lib/server/auth/policy.ts';
import { myParticipantCohorts, organisationTimeZone } from '#lib/server/cohorts/cohorts.ts';
import { weekStart, zonedInstant, zonedParts } from '#lib/server/cohorts/local-time.ts';
import type { PersonDataSection } from '#lib/server/privacy/person-data.ts';
import { groupSalonPresences } from './salon.ts';
import type { MomentInput } from './schemas.ts';
import { clock } from '#lib/server/clock.ts';
import { refreshRollup } from '#lib/server/insights/rollups.ts';

const CLOCK_SLACK_MS = 5 * 60_000;

/** An informal moment as shown on the timeline and the file: logged by hand, or met in the salon de thé. */
export interface InformalMoment {
	id: string;
	source: 'salon' | 'logged';
	kind: MomentKind | 'salon';
	startsAt: number;
	/** Day and clock time in the club's time zone. */
	date: string;
	time: string;
	durationMinutes: number;
	peopleCount: number;
	/** Who took part, with their minutes: for the cohort's facilitators only (empty for others). */
	people: { id: string; firstName: string; minutes: number }[];
	/** The facilitator's note: for the cohort's facilitators only ('' for others). */
	note: string;
}

/** Every informal moment of a cohort, oldest first, with people and notes (callers decide who sees what). */
async function allMoments(db: Db, cohortId: string, timeZone: string): Promise<InformalMoment[]> {
	const names = new Map(
		(
			await db
				.selectFrom('cohort_member')
				.innerJoin('user', 'user.id', 'cohort_member.user_id')
				.select(['user.id', 'user.first_name'])
				.where('cohort_member.cohort_id', '=', cohortId)
				.execute()
		).map((u) => [u.id, u.first_name])
	);
	const logged = await db.selectFrom('informal_moment').selectAll().where('cohort_id', '=', cohortId).execute();
	const links = logged.length
		? await db
				.selectFrom('informal_moment_person')
				.select(['moment_id', 'user_id'])
				.where(
					'moment_id',
					'in',
					logged.map((l) => l.id)
				)
				.execute()
		: [];
	const moments: InformalMoment[] = logged.map((l) => {
		const people = links
			.filter((k) => k.moment_id === l.id)
			.map((k) => ({ id: k.user_id, firstName: names.get(k.user_id) ?? '', minutes: l.duration_minutes }));
		return {
			id: l.id,
			source: 'logged',
			kind: l.kind,
			startsAt: Number(l.starts_at),
			...zonedParts(Number(l.starts_at), timeZone),
			durationMinutes: l.duration_minutes,
			peopleCount: people.length,
			people,
			note: l.note
		};
	});
	const presences = await db
		.selectFrom('presence')
		.select(['user_id', 'joined_at', 'left_at', 'last_seen_at'])
		.where('cohort_id', '=', cohortId)
		.where('kind', '=', 'salon')
		.execute();
	for (const s of groupSalonPresences(
		presences.map((p) => ({
			user_id: p.user_id,
			joined_at: Number(p.joined_at),
			left_at: p.left_at === null ? null : Number(p.left_at),
			last_seen_at: Number(p.last_seen_at)
		}))
	)) {
		const people = s.people.map((p) => ({ id: p.userId, firstName: names.get(p.userId) ?? '', minutes: p.minutes }));
		moments.push({
			id: `salon-${s.startsAt}`,
			source: 'salon',
			kind: 'salon',
			startsAt: s.startsAt,
			...zonedParts(s.startsAt, timeZone),
			durationMinutes: s.durationMinutes,
			peopleCount: people.length,
			people,
			note: ''
		});
	}
	return moments.sort((a, b) => a.startsAt - b.startsAt || a.id.localeCompare(b.id));
}

/**
 * A cohort's informal moments. The cohort's facilitators see who took part and the notes; its
 * participants and the organisation's overview see only kind, time, duration and how many people
 * (notes are the facilitators' and may speak of someone).
 */
export async function cohortMoments(db: Db, actor: Actor, cohortId: string) {
	const { cohort, access } = await cohortAccess(db, actor, cohortId);
	const timeZone = await organisationTimeZone(db, cohort.organisation_id);
	const moments = await allMoments(db, cohortId, timeZone);
	return {
		cohort: { id: cohort.id, name: cohort.name, startDate: cohort.start_date },
		access,
		timeZone,
		moments: access === 'facilitator' ? moments : moments.map((mo) => ({ ...mo, people: [], note: '' }))
	};
}

/** The members a facilitator may name in a moment: the cohort's participants (and its facilitators). */
export async function momentCandidates(db: Db, actor: Actor, cohortId: string) {
	await requireCohortFacilitator(db, actor, cohortId);
	return db
		.selectFrom('cohort_member')
		.innerJoin('user', 'user.id', 'cohort_member.user_id')
		.select(['user.id', 'user.first_name as firstName', 'user.last_name as lastName', 'cohort_member.role'])
		.where('cohort_member.cohort_id', '=', cohortId)
		.orderBy('cohort_member.role', 'desc')
		.orderBy('user.first_name')
		.orderBy('user.id')
		.execute();
}

/** A facilitator logs an informal moment, at a local date and time of the club, with who took part (one transaction). */
export async function logMoment(
	db: Db,
	actor: Actor,
	cohortId: string,
	input: MomentInput,
	now = clock.now()
): Promise<string> {
	const cohort = await requireCohortFacilitator(db, actor, cohortId);
	const startsAt = zonedInstant(input.date, input.time, await organisationTimeZone(db, cohort.organisation_id));
	if (startsAt > now + CLOCK_SLACK_MS)
		throw new DomainError(400, 'moment_in_future', `moment at ${startsAt} is after ${now}`);
	const people = [...new Set(input.people)];
	if (people.length === 0) throw new DomainError(400, 'moment_people_required');
	const members = await db
		.selectFrom('cohort_member')
		.select('user_id')
		.where('cohort_id', '=', cohortId)
		.where('user_id', 'in', people)
		.execute();
	if (members.length !== people.length)
		throw new DomainError(400, 'moment_person_unknown', `not all of ${people.join(',')} are in cohort ${cohortId}`);
	const id = newId();
	await db.transaction().execute(async (trx) => {
		await trx
			.insertInto('informal_moment')
			.values({
				id,
				cohort_id: cohortId,
				kind: input.kind,
				starts_at: startsAt,
				duration_minutes: input.durationMinutes,
				note: input.note,
				logged_by: actor.id,
				created_at: now
			})
			.execute();
		await trx
			.insertInto('informal_moment_person')
			.values(people.map((user_id) => ({ moment_id: id, user_id })))
			.execute();
		await refreshRollup(trx, cohortId, now);
	});
	return id;
}

/**
 * One person's informal moments in a cohort and their total informal minutes (salon + logged). Not
 * authorised here: called by the participant file, which checked that the actor runs the cohort.
 */
export async function personMoments(db: Db, cohortId: string, userId: string, timeZone: string) {
	const moments = (await allMoments(db, cohortId, timeZone)).filter((mo) => mo.people.some((p) => p.id === userId));
	const minutesOf = (mo: InformalMoment) => mo.people.find((p) => p.id === userId)?.minutes ?? 0;
	return {
		totalMinutes: moments.reduce((sum, mo) => sum + minutesOf(mo), 0),
		moments: moments.reverse().map((mo) => ({ ...mo, minutes: minutesOf(mo) }))
	};
}

/** A participant's own informal time (salon + logged), over their cohorts: minutes only, never others' notes. */
export async function myInformalMinutes(db: Db, actor: Actor): Promise<number> {
	const cohorts = await myParticipantCohorts(db, actor, 'no informal time of their own');
	let total = 0;
	for (const c of cohorts)
		total += (await personMoments(db, c.id, actor.id, await organisationTimeZone(db, c.organisation_id))).totalMinutes;
	return total;
}

/** Per-person informal minutes of a cohort (salon + logged), for its facilitators only. */
export async function informalMinutesByPerson(db: Db, actor: Actor, cohortId: string): Promise<Record<string, number>> {
	await requireCohortFacilitator(db, actor, cohortId);
	const { moments } = await cohortMoments(db, actor, cohortId);
	const totals: Record<string, number> = {};
	for (const mo of moments) for (const p of mo.people) totals[p.id] = (totals[p.id] ?? 0) + p.minutes;
	return totals;
}

type Week<A> = { start: string; number: number; days: { date: string; activities: A[]; moments?: InformalMoment[] }[] };

/** Puts informal moments on their day of the cohort's week-by-week timeline, beside the curriculum blocks. */
export function withMoments<A>(weeks: Week<A>[], moments: InformalMoment[], cohortStart: string): Week<A>[] {
	const firstWeek = Date.parse(`${weekStart(cohortStart)}T00:00:00Z`);
	const out = weeks.map((w) => ({ ...w, days: w.days.map((d) => ({ ...d, moments: [] as InformalMoment[] })) }));
	for (const mo of moments) {
		const start = weekStart(mo.date);
		let week = out.find((w) => w.start === start);
		if (!week) {
			week = { start, number: Math.round((Date.parse(`${start}T00:00:00Z`) - firstWeek) / (7 * 864e5)) + 1, days: [] };
			out.push(week);
		}
		let day = week.days.find((d) => d.date === mo.date);
		if (!day) {
			day = { date: mo.date, activities: [], moments: [] };
			week.days.push(day);
		}
		day.moments.push(mo);
	}
	for (const w of out) w.days.sort((a, b) => a.date.localeCompare(b.date));
	return out.sort((a, b) => a.start.localeCompare(b.start));
}

/**
 * Logged moments the person took part in. Erasure empties the notes of those moments (they may name
 * the person) and forgets who logged them, but keeps the moments, their durations and the count of
 * people. Salon moments are computed from presences, so they follow whatever erasure does there.
 */
export const momentsPersonData: PersonDataSection = {
	key: 'informalMoments',
	async collect(db, userId) {
		return db
			.selectFrom('informal_moment_person')
			.innerJoin('informal_moment', 'informal_moment.id', 'informal_moment_person.moment_id')
			.select([
				'informal_moment.id',
				'informal_moment.cohort_id',
				'informal_moment.kind',
				'informal_moment.starts_at',
				'informal_moment.duration_minutes',
				'informal_moment.note'
			])
			.where('informal_moment_person.user_id', '=', userId)
			.orderBy('informal_moment.starts_at')
			.execute();
	},
	async erase(trx, userId) {
		const ids = (
			await trx.selectFrom('informal_moment_person').select('moment_id').where('user_id', '=', userId).execute()
		).map((r) => r.moment_id);
		if (ids.length) await trx.updateTable('informal_moment').set({ note: '' }).where('id', 'in', ids).execute();
		await trx.updateTable('informal_moment').set({ logged_by: null }).where('logged_by', '=', userId).execute();
	}
};
