// Enrolling without an invite (issue 13's demo path, and clubs' people with no phone or no e-mail yet): who may,
// what is written in one transaction, that the account has no PIN and cannot log in until a facilitator gives
// it a one-time code (the PIN recovery of issue 11), and that bad input writes nothing.
import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import type { Db } from '#lib/server/db/index.ts';
import { useSeededTestDb } from '#lib/server/db/test-fixtures.ts';
import { refusalWithKey } from '#lib/server/db/test-db.ts';
import type { DemoActors } from '#lib/server/seed/demo-actors.ts';
import { DEMO_COHORTS } from '#lib/server/seed/demo.ts';
import { loginParticipant } from '#lib/server/auth/login.ts';
import { choosePinAfterReset, mustChoosePin, pinResetList, resetParticipantPin } from '#lib/server/auth/pin-reset.ts';
import { auditTrail } from '#lib/server/privacy/audit.ts';
import { enrolWithoutInvite } from './enrol.ts';
import { enrolSchema } from './schemas.ts';

let db: Db;
let actors: DemoActors;
const NOW = Date.parse('2026-11-22T10:00:00Z');

useSeededTestDb(NOW, (seeded) => ({ db, actors } = seeded));

const members = async (cohortId: string) =>
	Number(
		(
			await db
				.selectFrom('cohort_member')
				.select(({ fn }) => fn.countAll().as('n'))
				.where('cohort_id', '=', cohortId)
				.executeTakeFirstOrThrow()
		).n
	);
const login = (firstName: string, pin: string) =>
	loginParticipant(db, { firstName, cohortCode: DEMO_COHORTS.now.code, pin, address: '203.0.113.40' });

describe(`enrolment without an invite on ${process.env.TEST_DB}`, () => {
	it('only the cohort’s facilitators and the organisation’s admins may enrol; the others write nothing', async () => {
		const { cohortA } = actors;
		const before = await members(cohortA.id);
		for (const actor of [actors.director, actors.facilitatorB, actors.participantA, actors.participantB]) {
			expect(
				await refusalWithKey(enrolWithoutInvite(db, actor, cohortA.id, { firstName: 'Zoé', lastName: '' }, NOW))
			).toBe('403 error_forbidden');
		}
		expect(await members(cohortA.id)).toBe(before);
		const byAdmin = await enrolWithoutInvite(db, actors.admin, cohortA.id, { firstName: 'Odette', lastName: '' }, NOW);
		expect(byAdmin.firstName).toBe('Odette');
		expect(await members(cohortA.id)).toBe(before + 1);
	});

	it('makes the account and the membership with no PIN, audited; it logs in only after a one-time code', async () => {
		const { cohortA, facilitatorA } = actors;
		const { userId } = await enrolWithoutInvite(
			db,
			facilitatorA,
			cohortA.id,
			{ firstName: 'Gisèle', lastName: 'Perrin' },
			NOW
		);
		const user = await db.selectFrom('user').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
		expect(user).toMatchObject({
			role: 'participant',
			first_name: 'Gisèle',
			last_name: 'Perrin',
			pin_hash: null,
			email: null,
			organisation_id: cohortA.organisation_id
		});
		expect(Number(user.created_at)).toBe(NOW);
		const member = await db
			.selectFrom('cohort_member')
			.selectAll()
			.where('cohort_id', '=', cohortA.id)
			.where('user_id', '=', userId)
			.executeTakeFirstOrThrow();
		expect(member).toMatchObject({ role: 'participant', name_key: 'gisele' });
		expect(Number(member.joined_at)).toBe(NOW);
		const trail = await auditTrail(db, 'person', userId);
		expect(trail.map((t) => [t.action, t.actorId, t.detail])).toEqual([['person.enrol', facilitatorA.id, cohortA.id]]);
		// The rollup of the cohort holds the new person (rollups.db.test checks it equals the recomputation).
		const rollup = await db
			.selectFrom('insights_person')
			.select('user_id')
			.where('cohort_id', '=', cohortA.id)
			.where('user_id', '=', userId)
			.execute();
		expect(rollup).toHaveLength(1);

		// No PIN: whatever is typed, the login fails like a wrong PIN.
		for (const pin of ['1234', '0000', '123456']) expect((await login('Gisèle', pin)).ok).toBe(false);
		// The facilitator sees the person on the PIN page and gives a one-time code; the person then chooses a PIN.
		const { people } = await pinResetList(db, facilitatorA, cohortA.id);
		expect(people.map((p) => p.id)).toContain(userId);
		const { code } = await resetParticipantPin(db, facilitatorA, cohortA.id, userId, NOW + 60_000);
		const first = await login('Gisèle', code);
		expect(first.ok).toBe(true);
		const person = { ...actors.participantA, id: userId, first_name: 'Gisèle', last_name: 'Perrin' };
		expect(await mustChoosePin(db, person)).toBe(true);
		await choosePinAfterReset(db, person, '482913', NOW + 120_000);
		expect((await login('Gisèle', '482913')).ok).toBe(true);
	});

	it('refuses a first name already taken in the cohort, and writes nothing', async () => {
		const { cohortA, facilitatorA, participantA } = actors;
		const before = await members(cohortA.id);
		const users = Number(
			(
				await db
					.selectFrom('user')
					.select(({ fn }) => fn.countAll().as('n'))
					.executeTakeFirstOrThrow()
			).n
		);
		const again = { firstName: participantA.first_name.toUpperCase(), lastName: '' };
		expect(await refusalWithKey(enrolWithoutInvite(db, facilitatorA, cohortA.id, again, NOW))).toBe(
			'409 enrol_name_taken'
		);
		expect(await members(cohortA.id)).toBe(before);
		expect(
			Number(
				(
					await db
						.selectFrom('user')
						.select(({ fn }) => fn.countAll().as('n'))
						.executeTakeFirstOrThrow()
				).n
			)
		).toBe(users);
	});

	it('validates the form: a first name is needed, names have letters only, and a limited length', () => {
		const issues = (input: unknown) =>
			v.safeParse(enrolSchema, input).issues?.map((i) => [i.path?.[0].key, i.message]) ?? [];
		expect(issues({ firstName: '  ', lastName: '' })[0]).toEqual(['firstName', 'form_required']);
		expect(issues({ firstName: '<b>Léa</b>' })[0]).toEqual(['firstName', 'form_no_markup']);
		expect(issues({ firstName: 'Léa', lastName: 'x'.repeat(61) })[0]).toEqual(['lastName', 'form_too_long|60']);
		expect(issues({ firstName: 'Léa', lastName: '12' })).toEqual([['lastName', 'form_name_chars']]);
		expect(v.parse(enrolSchema, { firstName: ' Léa ' })).toEqual({ firstName: 'Léa', lastName: '' });
	});
});
