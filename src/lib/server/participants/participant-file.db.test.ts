// The participant file and its contact log on both engines: facilitators of the cohort only, a
// participant of this cohort only, contacts in the club's time zone, never in the future.
import { describe, expect, it } from 'vitest';
import type { Db } from '#lib/server/db/index.ts';
import { useSeededTestDb } from '#lib/server/db/test-fixtures.ts';
import { refusal } from '#lib/server/db/test-db.ts';
import { DomainError } from '#lib/server/http/errors.ts';
import type { DemoActors } from '#lib/server/seed/demo-actors.ts';
import { cohortPeopleSummary } from '#lib/server/cohorts/people-summary.ts';
import { saveAssessment } from '#lib/server/autonomy/autonomy.ts';
import { createGoal } from '#lib/server/goals/goals.ts';
import { overrideSkill, participantSkills } from '#lib/server/skills/skills.ts';
import { getParticipantFile, logContact } from './participant-file.ts';

let db: Db;
let actors: DemoActors;
const NOW = Date.parse('2026-11-22T10:00:00Z');

useSeededTestDb(NOW, (seeded) => ({ db, actors } = seeded));

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

describe(`the file's summary on ${process.env.TEST_DB}`, () => {
	it('opens on where the person stands in each part of their file, and follows what the facilitator records', async () => {
		const { cohortA, facilitatorA, participantA } = actors;
		const before = (await getParticipantFile(db, facilitatorA, cohortA.id, participantA.id, NOW)).summary;
		// The same figures as the cohort's people list, for this one person.
		const [row] = (await cohortPeopleSummary(db, facilitatorA, cohortA.id, NOW)).filter(
			(p) => p.id === participantA.id
		);
		expect(before).toMatchObject({
			attended: row.attended,
			held: row.held,
			lateWork: row.lateWork,
			charterAccepted: row.charterAccepted,
			lastSeenAt: row.lastSeenAt
		});
		const catalogue = await db.selectFrom('digital_skill').select('id').execute();
		expect(before.skills.total).toBe(catalogue.length);

		const day = '2026-11-20';
		const levels = (n: number) => ({ job_search: n, paperwork: n, digital: n + 1, mobility: null, time: n, group: n });
		await saveAssessment(
			db,
			facilitatorA,
			cohortA.id,
			participantA.id,
			{ stage: 'intake', day, note: '', levels: levels(1) },
			NOW
		);
		await saveAssessment(
			db,
			facilitatorA,
			cohortA.id,
			participantA.id,
			{ stage: 'end', day: '2026-11-21', note: '', levels: { ...levels(2), group: 1 } },
			NOW
		);
		const goal = { kind: 'step' as const, category: 'cv' as const, title: 'CV à jour', targetDate: null };
		await createGoal(db, facilitatorA, cohortA.id, participantA.id, { ...goal, status: 'achieved' }, NOW);
		await createGoal(db, facilitatorA, cohortA.id, participantA.id, { ...goal, status: 'dropped' }, NOW);
		const skill = (await participantSkills(db, facilitatorA, cohortA.id, participantA.id)).skills.find(
			(s) => s.level !== 'autonomous'
		);
		if (!skill) throw new Error('the demo participant has a skill left to learn');
		await overrideSkill(
			db,
			facilitatorA,
			cohortA.id,
			participantA.id,
			{ skillId: skill.id, level: 'autonomous', note: '' },
			NOW
		);
		const after = (await getParticipantFile(db, facilitatorA, cohortA.id, participantA.id, NOW)).summary;
		// The end assessment: 4 of the 5 assessed dimensions moved up (group stayed at 1, mobility not assessed).
		expect(after.autonomy).toEqual({ stage: 'end', day: '2026-11-21', movedUp: 4 });
		expect(after.goals).toEqual({ set: before.goals.set + 1, achieved: before.goals.achieved + 1 });
		expect(after.skills.autonomous).toBe(before.skills.autonomous + 1);
		// Contacts: the newest first, as the summary's last contact reads it.
		const file = await getParticipantFile(db, facilitatorA, cohortA.id, participantA.id, NOW);
		expect(file.contacts[0].at).toBe(Math.max(...file.contacts.map((c) => c.at)));
	});
});
