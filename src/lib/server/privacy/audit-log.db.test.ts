// The admin's audit log (issue 11, item 8): the organisation's entries newest first, a page at a time, filtered
// by the person concerned, by who acted and by local dates; nobody else reads it.
import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import type { Db } from '#lib/server/db/index.ts';
import { useSeededTestDb } from '#lib/server/db/test-fixtures.ts';
import { refusalWithKey as refusal } from '#lib/server/db/test-db.ts';
import type { DemoActors } from '#lib/server/seed/demo-actors.ts';
import { setCohortFacilitators } from '#lib/server/cohorts/facilitators.ts';
import { updateOrganisationSettings, organisationSettings } from '#lib/server/organisation/settings.ts';
import { audit } from './audit.ts';
import { AUDIT_PAGE_SIZE, auditLog } from './audit-log.ts';
import { auditLogFilterSchema } from './schemas.ts';

const NOW = Date.parse('2026-11-22T10:00:00Z');
const DAY = 86_400_000;

let db: Db;
let actors: DemoActors;

useSeededTestDb(NOW, async (seeded) => {
	({ db, actors } = seeded);
	const { admin, director, facilitatorA, facilitatorB, cohortA, participantA } = actors;
	// Three days of entries: 60 reads of Fatima's profile by Claire two days ago, a hand-over yesterday (and back),
	// new settings today.
	for (let i = 0; i < 60; i++)
		await audit(
			db,
			{
				actorId: facilitatorA.id,
				action: 'profile.read',
				subjectType: 'person',
				subjectId: participantA.id,
				detail: cohortA.id
			},
			NOW - 2 * DAY + i
		);
	await setCohortFacilitators(db, director, cohortA.id, [facilitatorB.id], NOW - DAY);
	await setCohortFacilitators(db, director, cohortA.id, [facilitatorA.id], NOW - DAY + 1);
	await updateOrganisationSettings(
		db,
		admin,
		{ ...(await organisationSettings(db, admin)), lateAfterMinutes: 15 },
		NOW
	);
});

const filter = (f: Record<string, string>) => v.parse(auditLogFilterSchema, f);

describe(`the audit log on ${process.env.TEST_DB}`, () => {
	it('is the admin’s alone', async () => {
		for (const who of ['participantA', 'facilitatorA', 'facilitatorB', 'director'] as const)
			expect(await refusal(auditLog(db, actors[who], filter({}))), who).toBe('403 error_forbidden');
	});

	it('reads newest first, a page at a time, with plain places', async () => {
		const first = await auditLog(db, actors.admin, filter({}));
		expect(first.entries).toHaveLength(AUDIT_PAGE_SIZE);
		expect(first.hasNext).toBe(true);
		const ats = first.entries.map((e) => e.at);
		expect(ats).toEqual([...ats].sort((a, b) => b - a));
		expect(first.entries[0]).toMatchObject({
			action: 'organisation.settings',
			subject: { kind: 'organisation' },
			changed: ['late_after_minutes']
		});
		const handOver = first.entries.find(
			(e) => e.action === 'cohort.facilitator_add' && e.subject.kind === 'person' && e.subject.firstName === 'Julien'
		)!;
		expect(handOver).toMatchObject({
			actor: { firstName: actors.director.first_name },
			subject: { kind: 'person', firstName: actors.facilitatorB.first_name },
			place: actors.cohortA.name
		});
		const second = await auditLog(db, actors.admin, filter({ page: '2' }));
		expect(second.entries[0].at).toBeLessThanOrEqual(first.entries.at(-1)!.at);
		expect(new Set([...first.entries, ...second.entries].map((e) => e.id)).size).toBe(
			first.entries.length + second.entries.length
		);
	});

	it('filters by the person concerned, by who acted, and by local dates', async () => {
		const { admin, facilitatorA, facilitatorB, director, participantA } = actors;
		const aboutB = await auditLog(db, admin, filter({ person: facilitatorB.id }));
		expect(aboutB.entries.map((e) => e.action)).toEqual(['cohort.facilitator_remove', 'cohort.facilitator_add']);
		const byDirector = await auditLog(db, admin, filter({ actor: director.id }));
		expect(byDirector.entries).toHaveLength(4);
		expect(byDirector.entries.every((e) => e.actor?.firstName === director.first_name)).toBe(true);
		// Two days ago (Paris) holds the 60 reads (and the demo's register marks); yesterday the four changes of who
		// runs cohort A.
		const twoDaysAgo = new Date(NOW - 2 * DAY).toISOString().slice(0, 10);
		const yesterday = new Date(NOW - DAY).toISOString().slice(0, 10);
		const day = { from: twoDaysAgo, to: twoDaysAgo, person: participantA.id };
		const reads = [
			...(await auditLog(db, admin, filter(day))).entries,
			...(await auditLog(db, admin, filter({ ...day, page: '2' }))).entries
		];
		expect(reads.filter((e) => e.action === 'profile.read')).toHaveLength(60);
		const dayStart = Date.parse(`${twoDaysAgo}T00:00:00+01:00`);
		expect(reads.every((e) => e.at >= dayStart && e.at < dayStart + DAY)).toBe(true);
		expect((await auditLog(db, admin, filter({ from: yesterday, to: yesterday }))).entries).toHaveLength(4);
		expect((await auditLog(db, admin, filter({ actor: facilitatorA.id, from: yesterday }))).entries).toEqual([]);
		// The lists the filters offer name the people and actors of the log.
		expect(aboutB.people.map((p) => p.id)).toEqual(expect.arrayContaining([participantA.id, facilitatorB.id]));
		expect(aboutB.actors.map((p) => p.id)).toEqual(expect.arrayContaining([director.id, admin.id, facilitatorA.id]));
	});

	it('refuses filters that make no sense, with the catalogue’s words', () => {
		const issues = (f: Record<string, string>) => v.safeParse(auditLogFilterSchema, f).issues?.map((i) => i.message);
		expect(issues({ from: '2026-11-22', to: '2026-11-01' })).toEqual(['orgadmin_audit_dates_order']);
		expect(issues({ from: '2026-02-30' })).toEqual(['form_invalid_date']);
		expect(issues({ person: 'robert' })).toEqual(['form_invalid_choice']);
		expect(issues({ page: '-3' })).toEqual(['form_invalid_number']);
		expect(v.parse(auditLogFilterSchema, { page: '' }).page).toBe(1);
	});
});
