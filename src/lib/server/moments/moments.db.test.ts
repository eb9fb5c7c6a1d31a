// Informal moments on both engines: logged by the cohort's facilitators only, on the right local day,
// salon-de-thé moments read from presences, per-person minutes, what participants may see, erasure.
import { describe, expect, it } from 'vitest';
import type { Db } from '#lib/server/db/index.ts';
import { useSeededTestDb } from '#lib/server/db/test-fixtures.ts';
import { newId } from '#lib/server/db/ids.ts';
import { refusal, refusalWithKey } from '#lib/server/db/test-db.ts';
import type { DemoActors } from '#lib/server/seed/demo-actors.ts';
import { DEMO_COHORTS } from '#lib/server/seed/demo.ts';
import { getParticipantFile } from '#lib/server/participants/participant-file.ts';
import { cohortTimeline } from '#lib/server/activities/activities.ts';
import {
	cohortMoments,
	informalMinutesByPerson,
	logMoment,
	momentsPersonData,
	myInformalMinutes,
	withMoments
} from './moments.ts';
import { momentSchema } from './schemas.ts';
import { parseForm } from '#lib/server/http/validation.ts';

let db: Db;
let actors: DemoActors;
let second: { id: string };
const NOW = Date.parse('2026-11-22T10:00:00Z');

useSeededTestDb(NOW, async (seeded) => {
	({ db, actors } = seeded);
	second = await db
		.selectFrom('user')
		.innerJoin('cohort_member', 'cohort_member.user_id', 'user.id')
		.select('user.id')
		.where('cohort_member.cohort_id', '=', actors.cohortA.id)
		.where('user.first_name', '=', DEMO_COHORTS.now.participants[1])
		.executeTakeFirstOrThrow();
});

const late = {
	kind: 'conversation' as const,
	date: '2026-11-20',
	time: '23:30',
	durationMinutes: 20,
	note: 'Fatima a parlé de sa recherche de garde.'
};

describe(`informal moments on ${process.env.TEST_DB}`, () => {
	it('logs a moment at a local time of the club: 23:30 in Paris stays on that day, not the next UTC day', async () => {
		const { cohortA, facilitatorA, participantA } = actors;
		await logMoment(db, facilitatorA, cohortA.id, { ...late, people: [participantA.id, second.id] }, NOW);
		const { moments } = await cohortMoments(db, facilitatorA, cohortA.id);
		expect(moments).toMatchObject([
			{
				source: 'logged',
				kind: 'conversation',
				startsAt: Date.parse('2026-11-20T22:30:00Z'),
				date: '2026-11-20',
				time: '23:30',
				durationMinutes: 20,
				peopleCount: 2,
				note: late.note
			}
		]);
	});

	it('reads salon-de-thé moments from the presences and adds up each person’s informal minutes', async () => {
		const { cohortA, facilitatorA, participantA } = actors;
		const at = Date.parse('2026-11-21T13:00:00Z');
		const presence = (user_id: string, from: number, to: number) => ({
			id: newId(),
			room_name: `salon-${cohortA.id}`,
			cohort_id: cohortA.id,
			activity_id: null,
			user_id,
			kind: 'salon' as const,
			joined_at: at + from * 60_000,
			left_at: at + to * 60_000,
			last_seen_at: at + to * 60_000
		});
		await db
			.insertInto('presence')
			.values([presence(participantA.id, 0, 15), presence(second.id, 10, 25)])
			.execute();
		const { moments } = await cohortMoments(db, facilitatorA, cohortA.id);
		const salon = moments.find((mo) => mo.source === 'salon')!;
		expect(salon).toMatchObject({
			kind: 'salon',
			date: '2026-11-21',
			time: '14:00',
			durationMinutes: 25,
			peopleCount: 2
		});
		expect(await informalMinutesByPerson(db, facilitatorA, cohortA.id)).toEqual({
			[participantA.id]: 20 + 15,
			[second.id]: 20 + 15
		});
		const file = await getParticipantFile(db, facilitatorA, cohortA.id, participantA.id);
		expect(file.informal.totalMinutes).toBe(35);
		expect(await myInformalMinutes(db, participantA)).toBe(35);
		expect(await refusal(myInformalMinutes(db, facilitatorA))).toBe(403);
		expect(file.informal.moments.map((mo) => [mo.kind, mo.date, mo.minutes])).toEqual([
			['salon', '2026-11-21', 15],
			['conversation', '2026-11-20', 20]
		]);
	});

	it('puts moments on their day of the timeline, beside the curriculum blocks', async () => {
		const { cohortA, facilitatorA } = actors;
		const timeline = await cohortTimeline(db, facilitatorA, cohortA.id);
		const { moments } = await cohortMoments(db, facilitatorA, cohortA.id);
		const weeks = withMoments(timeline.weeks, moments, cohortA.start_date);
		const days = weeks.flatMap((w) => w.days);
		expect(days.find((d) => d.date === '2026-11-20')!.moments!.map((mo) => mo.kind)).toEqual(['conversation']);
		expect(days.find((d) => d.date === '2026-11-21')!.moments!.map((mo) => mo.kind)).toEqual(['salon']);
		expect(days.map((d) => d.date)).toEqual([...days.map((d) => d.date)].sort());
	});

	it('shows participants and the overview when and how long, never who nor the notes', async () => {
		const { cohortA, participantA, director } = actors;
		for (const actor of [participantA, director]) {
			const { moments } = await cohortMoments(db, actor, cohortA.id);
			expect(moments).toHaveLength(2);
			expect(moments.every((mo) => mo.note === '' && mo.people.length === 0 && mo.peopleCount === 2)).toBe(true);
			expect(await refusal(informalMinutesByPerson(db, actor, cohortA.id))).toBe(403);
		}
	});

	it('is refused to anyone but the cohort’s facilitators, and to people outside the cohort', async () => {
		const { cohortA, cohortB, facilitatorA, facilitatorB, participantA, participantB, director, admin } = actors;
		const input = { ...late, people: [participantA.id] };
		const logged = () => db.selectFrom('informal_moment').select('id').execute();
		const before = await logged();
		for (const actor of [participantA, facilitatorB, director, admin])
			expect(await refusal(logMoment(db, actor, cohortA.id, input, NOW))).toBe(403);
		expect(await refusal(cohortMoments(db, participantB, cohortA.id))).toBe(403);
		expect(await refusal(cohortMoments(db, facilitatorB, cohortA.id))).toBe(403);
		expect(
			await refusalWithKey(logMoment(db, facilitatorA, cohortA.id, { ...late, people: [participantB.id] }, NOW))
		).toBe('400 moment_person_unknown');
		expect(
			await refusalWithKey(
				logMoment(
					db,
					facilitatorA,
					cohortA.id,
					{ ...late, date: '2026-11-22', time: '12:00', people: [participantA.id] },
					NOW
				)
			)
		).toBe('400 moment_in_future');
		expect(await refusalWithKey(logMoment(db, facilitatorB, cohortB.id, { ...late, people: [] }, NOW))).toBe(
			'400 moment_people_required'
		);
		expect(await logged(), 'nothing refused was written').toEqual(before);
	});

	it('seeds last year’s moments for the demo, dated in that cohort, with Yasmina’s informal minutes', async () => {
		const { cohortB, facilitatorB, participantB } = actors;
		const { moments } = await cohortMoments(db, facilitatorB, cohortB.id);
		expect(moments.map((mo) => mo.kind)).toEqual(['ice_breaker', 'lunch', 'peer_help', 'coffee_break']);
		expect((await informalMinutesByPerson(db, facilitatorB, cohortB.id))[participantB.id]).toBe(20 + 60 + 25);
	});

	it('validates the form: kind, date, time, duration, at least one person, plain text', () => {
		const form = (entries: [string, string][]) => {
			const data = new FormData();
			for (const [k, val] of entries) data.append(k, val);
			return parseForm(momentSchema, data, ['people']);
		};
		const bad = form([
			['kind', 'party'],
			['date', '2026-02-30'],
			['time', '25:00'],
			['durationMinutes', '0'],
			['note', '<b>hi</b>']
		]);
		expect(bad.ok).toBe(false);
		if (!bad.ok)
			expect(bad.errors).toEqual({
				kind: 'form_invalid_choice',
				date: 'form_invalid_date',
				time: 'form_invalid_time',
				durationMinutes: 'form_number_range|1–600',
				people: 'moment_people_required',
				note: 'form_no_markup'
			});
		const good = form([
			['kind', 'lunch'],
			['date', '2026-11-20'],
			['time', '12:00'],
			['durationMinutes', '45'],
			['people', 'aaaaaaaaaaaaaaaa'],
			['people', 'bbbbbbbbbbbbbbbb'],
			['note', '']
		]);
		expect(good.ok && good.data.people).toEqual(['aaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbb']);
	});

	it('exports a person’s moments and erases the notes that may name them, keeping durations and counts', async () => {
		const { cohortA, facilitatorA, participantA } = actors;
		expect(await momentsPersonData.collect(db, participantA.id)).toMatchObject([
			{ kind: 'conversation', duration_minutes: 20, note: late.note }
		]);
		await db.transaction().execute((trx) => momentsPersonData.erase(trx, participantA.id, NOW));
		const { moments } = await cohortMoments(db, facilitatorA, cohortA.id);
		expect(moments.find((mo) => mo.source === 'logged')).toMatchObject({
			note: '',
			durationMinutes: 20,
			peopleCount: 2
		});
	});
});
