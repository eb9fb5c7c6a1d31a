// The participant file and its contact log on both engines: facilitators of the cohort only, a
// participant of this cohort only, contacts in the club's time zone, never in the future.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '#lib/server/db/index.ts';
import { seededTestDb, refusal } from '#lib/server/db/test-db.ts';
import { DomainError } from '#lib/server/http/errors.ts';
import type { DemoActors } from '#lib/server/seed/demo-actors.ts';
import { getParticipantFile, logContact } from './participant-file.ts';

let db: Db;
let drop: () => Promise<void>;
let actors: DemoActors;
const NOW = Date.parse('2026-11-22T10:00:00Z');

beforeAll(async () => {
	({ db, drop, actors } = await seededTestDb(NOW));
});
afterAll(() => drop());

const call = {
	channel: 'phone' as const,
	date: '2026-11-21',
	time: '16:30',
	note: 'Absente lundi : rendez-vous CAF. Revient mercredi.'
};

describe(`the participant file and contact log on ${process.env.TEST_DB}`, () => {
	it('logs contacts made outside the app and lists them newest first, for the cohort’s facilitators', async () => {
		const { cohortA, facilitatorA, participantA } = actors;
		await logContact(db, facilitatorA, cohortA.id, participantA.id, call, NOW);
		await logContact(
			db,
			facilitatorA,
			cohortA.id,
			participantA.id,
			{ channel: 'in_person', date: '2026-11-22', time: '09:15', note: '' },
			NOW
		);
		const file = await getParticipantFile(db, facilitatorA, cohortA.id, participantA.id);
		expect(file.person).toMatchObject({ id: participantA.id, firstName: 'Fatima' });
		expect(file.cohort).toEqual({ id: cohortA.id, name: cohortA.name });
		// 16:30 in Paris on 21 November is 15:30 UTC.
		expect(file.contacts).toMatchObject([
			{ channel: 'in_person', at: Date.parse('2026-11-22T08:15:00Z'), note: '', facilitatorName: 'Claire' },
			{ channel: 'phone', at: Date.parse('2026-11-21T15:30:00Z'), note: call.note, facilitatorName: 'Claire' }
		]);
	});

	it('is refused to everyone else, and knows no one outside the cohort', async () => {
		const { cohortA, cohortB, facilitatorA, facilitatorB, participantA, participantB, director, admin } = actors;
		for (const actor of [participantA, participantB, facilitatorB, director, admin]) {
			expect(await refusal(getParticipantFile(db, actor, cohortA.id, participantA.id))).toBe(403);
			expect(await refusal(logContact(db, actor, cohortA.id, participantA.id, call, NOW))).toBe(403);
		}
		// A participant of another cohort, or a facilitator, is not a participant of this one.
		expect(await refusal(getParticipantFile(db, facilitatorA, cohortA.id, participantB.id))).toBe(404);
		expect(await refusal(logContact(db, facilitatorA, cohortA.id, participantB.id, call, NOW))).toBe(404);
		expect(await refusal(getParticipantFile(db, facilitatorA, cohortA.id, facilitatorA.id))).toBe(404);
		expect(await refusal(logContact(db, facilitatorB, cohortB.id, participantA.id, call, NOW))).toBe(404);
		const rows = await db.selectFrom('contact_log').select('participant_id').execute();
		expect(rows.every((r) => r.participant_id === participantA.id)).toBe(true);
		expect(rows).toHaveLength(2);
	});

	it('refuses a contact in the future (a few minutes of clock difference aside)', async () => {
		const { cohortA, facilitatorA, participantA } = actors;
		const error = await logContact(
			db,
			facilitatorA,
			cohortA.id,
			participantA.id,
			{ ...call, date: '2026-11-22', time: '12:00' },
			NOW
		).catch((e) => e);
		expect(error).toBeInstanceOf(DomainError);
		expect(error).toMatchObject({ status: 400, messageKey: 'contact_in_future' });
		// 11:03 in Paris is 10:03 UTC: three minutes ahead of the server's clock is accepted.
		await logContact(
			db,
			facilitatorA,
			cohortA.id,
			participantA.id,
			{ ...call, date: '2026-11-22', time: '11:03' },
			NOW
		);
		expect((await getParticipantFile(db, facilitatorA, cohortA.id, participantA.id)).contacts).toHaveLength(3);
	});
});
