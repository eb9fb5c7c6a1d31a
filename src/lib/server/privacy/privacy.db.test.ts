// Privacy on both engines: the intake profile's sensitive fields (who may read and write them, every
// allowed access in the audit log), the GDPR export, and the erasure that keeps the cohort's figures.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Actor } from '#lib/server/auth/policy.ts';
import type { Db } from '#lib/server/db/index.ts';
import { useSeededTestDb } from '#lib/server/db/test-fixtures.ts';
import { newId } from '#lib/server/db/ids.ts';
import { refusal, refusalWithKey } from '#lib/server/db/test-db.ts';
import type { DemoActors } from '#lib/server/seed/demo-actors.ts';
import { getMyProfile, getProfile, saveProfile, setMyConsent } from '#lib/server/profiles/profiles.ts';
import type { ProfileInput } from '#lib/server/profiles/schemas.ts';
import { auditTrail } from './audit.ts';
import { erasePerson, exportMyData, exportPersonData } from './person.ts';
import { PERSON_DATA_SECTIONS } from './sections.ts';

let db: Db;
let engine: 'sqlite' | 'postgres';
let actors: DemoActors;
let zoe: Actor;
const NOW = Date.parse('2026-11-22T10:00:00Z');
const FIRST = 'Zénobie';
const LAST = 'Quintalvieux';
const SECRET_NOTE = 'Dort chez une amie à Tourcoing';

const profile: ProfileInput = {
	ageBand: '35_44',
	educationLevel: 'bac',
	outOfWork: '12_24m',
	benefits: ['rsa'],
	referredBy: 'france_travail',
	referredNote: 'Conseillère Mme Ribot',
	obstacles: ['housing', 'childcare'],
	obstaclesNote: SECRET_NOTE,
	mobilityKm: 15,
	preferences: 'Travail du matin, près du métro',
	target: 'job',
	targetNote: 'Aide-soignante en EHPAD',
	consent: true,
	consentHow: 'paper'
};

/** A throwaway participant of cohort A with some of everything (attendance, presence, a submission, posts, a contact…). */
async function seedPerson(): Promise<Actor> {
	const { cohortA, facilitatorA, participantA } = actors;
	const id = newId();
	await db
		.insertInto('user')
		.values({
			id,
			organisation_id: cohortA.organisation_id,
			role: 'participant',
			first_name: FIRST,
			last_name: LAST,
			email: null,
			password_hash: null,
			pin_hash: 'x',
			disabled_at: null,
			created_at: NOW
		})
		.execute();
	await db
		.insertInto('cohort_member')
		.values({
			cohort_id: cohortA.id,
			user_id: id,
			role: 'participant',
			name_key: 'zenobie',
			peer_ambassador: 0,
			joined_at: NOW
		})
		.execute();
	const activities = await db
		.selectFrom('activity')
		.select(['id', 'kind', 'room_name'])
		.where('cohort_id', '=', cohortA.id)
		.orderBy('starts_at')
		.execute();
	const live = activities.find((a) => a.kind === 'live')!;
	const async_ = activities.find((a) => a.kind === 'async')!;
	await db
		.insertInto('attendance')
		.values({
			activity_id: live.id,
			user_id: id,
			mode: 'video',
			source: 'livekit',
			seconds: 4200,
			first_joined_at: NOW - 5e6,
			last_left_at: NOW - 8e5,
			marked_by: null,
			updated_at: NOW
		})
		.execute();
	await db
		.insertInto('presence')
		.values({
			id: newId(),
			room_name: live.room_name ?? 'room',
			cohort_id: cohortA.id,
			activity_id: live.id,
			user_id: id,
			kind: 'activity',
			joined_at: NOW - 5e6,
			left_at: NOW - 8e5,
			last_seen_at: NOW - 8e5
		})
		.execute();
	await db
		.insertInto('room_event')
		.values({
			id: newId(),
			event: 'participant_joined',
			room_name: live.room_name,
			participant_identity: id,
			created_at: NOW - 5e6,
			received_at: NOW - 5e6,
			body: JSON.stringify({ participant: { identity: id, name: `${FIRST} ${LAST}` } })
		})
		.execute();
	const submissionId = newId();
	await db
		.insertInto('submission')
		.values({
			id: submissionId,
			activity_id: async_.id,
			user_id: id,
			version: 1,
			text: `Je suis ${FIRST}, j'ai travaillé 10 ans en cuisine`,
			status: 'reviewed',
			client_ref: null,
			submitted_at: NOW - 1e6,
			feedback: `Bravo ${FIRST} !`,
			feedback_by: facilitatorA.id,
			feedback_at: NOW
		})
		.execute();
	await db
		.insertInto('submission_file')
		.values({
			id: newId(),
			submission_id: submissionId,
			position: 0,
			original_name: `CV ${FIRST} ${LAST}.pdf`,
			mime: 'application/pdf',
			size: 100,
			sha256: 'a'.repeat(64),
			width: null,
			height: null,
			source: 'file',
			created_at: NOW
		})
		.execute();
	const postId = newId();
	await db
		.insertInto('feed_post')
		.values({
			id: postId,
			cohort_id: cohortA.id,
			author_id: id,
			kind: 'announcement',
			body: `Bonjour, c'est ${FIRST} de Roubaix`,
			title: null,
			employer: null,
			contract: null,
			link: null,
			place: null,
			event_at: null,
			pinned: 0,
			hidden_at: null,
			hidden_by: null,
			created_at: NOW
		})
		.execute();
	const comment = async (author_id: string, body: string) => {
		const commentId = newId();
		await db
			.insertInto('feed_comment')
			.values({ id: commentId, post_id: postId, author_id, body, created_at: NOW, hidden_at: null, hidden_by: null })
			.execute();
		return commentId;
	};
	const commentId = await comment(participantA.id, `Bienvenue @${FIRST} !`);
	await db
		.insertInto('mention')
		.values({ id: newId(), post_id: postId, comment_id: commentId, user_id: id, created_at: NOW })
		.execute();
	await comment(id, `Merci, ${FIRST}`);
	await db
		.insertInto('contact_log')
		.values({
			id: newId(),
			cohort_id: cohortA.id,
			participant_id: id,
			facilitator_id: facilitatorA.id,
			channel: 'phone',
			at: NOW - 1e5,
			note: `${FIRST} malade, revient jeudi`,
			created_at: NOW
		})
		.execute();
	// A mention of them sent to someone else, and a notification of their own.
	const notifications = [
		{ user_id: participantA.id, kind: 'mention', params: JSON.stringify({ name: FIRST }) },
		{ user_id: id, kind: 'post', params: JSON.stringify({ name: 'Claire' }) }
	];
	for (const n of notifications)
		await db
			.insertInto('notification')
			.values({ id: newId(), ...n, href: '/me', dedupe_key: null, created_at: NOW, read_at: null, pushed_at: null })
			.execute();
	await db
		.insertInto('session')
		.values({ id: newId(), user_id: id, expires_at: NOW + 1e9, created_at: NOW })
		.execute();
	await db
		.insertInto('login_throttle')
		.values({ key: `account:${id}`, failures: 1, window_started_at: NOW, locked_until: null })
		.execute();
	await db.insertInto('calendar_feed').values({ user_id: id, token_hash: newId(), created_at: NOW }).execute();
	return {
		id,
		organisation_id: cohortA.organisation_id,
		role: 'participant',
		first_name: FIRST,
		last_name: LAST,
		email: null
	};
}

useSeededTestDb(NOW, async (seeded) => {
	({ db, engine, actors } = seeded);
	zoe = await seedPerson();
});

/** The cohort's figures an erasure must not change. */
async function aggregates(cohortId: string) {
	const participants = await db
		.selectFrom('cohort_member')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('cohort_id', '=', cohortId)
		.where('role', '=', 'participant')
		.executeTakeFirstOrThrow();
	const attendance = await db
		.selectFrom('attendance')
		.innerJoin('activity', 'activity.id', 'attendance.activity_id')
		.select((eb) => eb.fn.sum<number>('attendance.seconds').as('s'))
		.where('activity.cohort_id', '=', cohortId)
		.executeTakeFirstOrThrow();
	const submissions = await db
		.selectFrom('submission')
		.innerJoin('activity', 'activity.id', 'submission.activity_id')
		.select(['submission.status', (eb) => eb.fn.countAll<number>().as('n')])
		.where('activity.cohort_id', '=', cohortId)
		.groupBy('submission.status')
		.orderBy('submission.status')
		.execute();
	const presences = await db
		.selectFrom('presence')
		.select(['joined_at', 'left_at'])
		.where('cohort_id', '=', cohortId)
		.execute();
	return {
		participants: Number(participants.n),
		attendanceSeconds: Number(attendance.s ?? 0),
		submissions: submissions.map((s) => [s.status, Number(s.n)]),
		presenceMs: presences.reduce((sum, p) => sum + Number(p.left_at ?? p.joined_at) - Number(p.joined_at), 0)
	};
}

/** Every text value of every table (from the database's own catalogue), as one string per row. */
async function dumpAllText(): Promise<string[]> {
	let tables = await db.introspection.getTables();
	if (engine === 'postgres') {
		const { rows } = await sql<{ s: string }>`select current_schema() as s`.execute(db);
		tables = tables.filter((t) => t.schema === rows[0].s);
	}
	expect(tables.map((t) => t.name)).toContain('profile');
	const out: string[] = [];
	for (const table of tables) {
		const textColumns = table.columns.filter((c) => /char|text|json/i.test(c.dataType)).map((c) => c.name);
		if (!textColumns.length) continue;
		// eslint-disable-next-line @typescript-eslint/no-explicit-any -- table names found by introspection at run time
		const rows = await (db as any).selectFrom(table.name).select(textColumns).execute();
		for (const row of rows) out.push(`${table.name}: ${JSON.stringify(row)}`);
	}
	return out;
}

describe(`privacy on ${process.env.TEST_DB}`, () => {
	it('lets the cohort’s facilitator write and read the profile, and logs each access with who and when', async () => {
		const { cohortA, facilitatorA } = actors;
		await saveProfile(db, facilitatorA, cohortA.id, zoe.id, profile, NOW);
		const read = await getProfile(db, facilitatorA, cohortA.id, zoe.id, NOW + 1000);
		expect(read.profile).toMatchObject({
			ageBand: '35_44',
			benefits: ['rsa'],
			obstacles: ['housing', 'childcare'],
			obstaclesNote: SECRET_NOTE,
			mobilityKm: 15,
			consent: true,
			consentHow: 'paper',
			consentBy: facilitatorA.id,
			consentAt: NOW
		});
		const trail = await auditTrail(db, 'person', zoe.id);
		expect(trail.map((t) => [t.action, t.actorId, Number(t.at)])).toEqual([
			['profile.read', facilitatorA.id, NOW + 1000],
			['profile.write', facilitatorA.id, NOW]
		]);
		expect(read.history[0]).toMatchObject({ action: 'profile.read', actorName: 'Claire' });
	});

	it('lets the person read their profile and give or withdraw consent, never edit the profiling; each access is logged', async () => {
		const mine = await getMyProfile(db, zoe, NOW + 2000);
		expect(mine.profile.targetNote).toBe('Aide-soignante en EHPAD');
		expect(mine.consentByName).toBe('Claire');
		await setMyConsent(db, zoe, false, NOW + 3000);
		expect((await getMyProfile(db, zoe, NOW + 4000)).profile).toMatchObject({
			consent: false,
			consentBy: zoe.id,
			obstaclesNote: SECRET_NOTE
		});
		const trail = await auditTrail(db, 'person', zoe.id);
		expect(trail.slice(0, 3).map((t) => [t.action, t.actorId, Number(t.at)])).toEqual([
			['profile.read', zoe.id, NOW + 4000],
			['profile.consent', zoe.id, NOW + 3000],
			['profile.read', zoe.id, NOW + 2000]
		]);
		expect(await refusal(saveProfile(db, zoe, actors.cohortA.id, zoe.id, profile, NOW))).toBe(403);
	});

	it('refuses the sensitive fields to a director, an admin, a facilitator of another cohort and another participant, and logs nothing for them', async () => {
		const { cohortA, cohortB, director, admin, facilitatorB, participantA, facilitatorA } = actors;
		const before = (await auditTrail(db, 'person', zoe.id, 100)).length;
		for (const actor of [director, admin, facilitatorB, participantA]) {
			expect(await refusalWithKey(getProfile(db, actor, cohortA.id, zoe.id))).toBe('403 error_forbidden');
			expect(await refusal(saveProfile(db, actor, cohortA.id, zoe.id, profile))).toBe(403);
			expect(await refusal(exportPersonData(db, actor, cohortA.id, zoe.id))).toBe(403);
			expect(await refusal(erasePerson(db, actor, cohortA.id, zoe.id, FIRST))).toBe(403);
		}
		// Through a cohort they do run, a facilitator still cannot reach someone of another cohort.
		expect(await refusal(getProfile(db, facilitatorB, cohortB.id, zoe.id))).toBe(404);
		// Staff have no profile of their own to read.
		for (const actor of [director, admin, facilitatorA]) expect(await refusal(getMyProfile(db, actor))).toBe(403);
		expect((await auditTrail(db, 'person', zoe.id, 100)).length).toBe(before);
	});

	it('exports everything about the person as JSON, from every section, and logs the export', async () => {
		const { cohortA, facilitatorA } = actors;
		const data = (await exportPersonData(db, facilitatorA, cohortA.id, zoe.id, NOW + 5000)) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- the export is walked as loose JSON
		const parsed = JSON.parse(JSON.stringify(data));
		expect(parsed.user).toMatchObject({ id: zoe.id, first_name: FIRST, last_name: LAST });
		expect(JSON.stringify(parsed.user)).not.toMatch(/hash/);
		expect(parsed.memberships).toMatchObject([{ cohort_id: cohortA.id, role: 'participant' }]);
		for (const section of PERSON_DATA_SECTIONS) expect(parsed).toHaveProperty(section.key);
		expect(parsed.profile).toMatchObject({ obstaclesNote: SECRET_NOTE, targetNote: 'Aide-soignante en EHPAD' });
		expect(parsed.attendance.attendance).toMatchObject([{ seconds: 4200 }]);
		expect(parsed.attendance.presence).toHaveLength(1);
		expect(parsed.submissions).toMatchObject([
			{ status: 'reviewed', files: [{ original_name: `CV ${FIRST} ${LAST}.pdf` }] }
		]);
		expect(parsed.feed.posts).toHaveLength(1);
		expect(parsed.feed.comments).toHaveLength(1);
		expect(parsed.feed.contacts).toMatchObject([{ note: `${FIRST} malade, revient jeudi` }]);
		expect(parsed.roomEvents).toHaveLength(1);
		expect(parsed.signIn).toMatchObject({ openSessions: 1 });
		expect(parsed.calendarFeed).toMatchObject({ exists: true });
		const mine = JSON.parse(JSON.stringify(await exportMyData(db, zoe, NOW + 6000)));
		expect(mine.profile.obstaclesNote).toBe(SECRET_NOTE);
		const trail = await auditTrail(db, 'person', zoe.id);
		expect(trail.slice(0, 2).map((t) => [t.action, t.actorId])).toEqual([
			['person.export', zoe.id],
			['person.export', facilitatorA.id]
		]);
	});

	it('changes nothing when the erasure fails mid-way, or when the typed name is wrong', async () => {
		const { cohortA, facilitatorA } = actors;
		const before = await dumpAllText();
		const failing = [
			PERSON_DATA_SECTIONS[0],
			PERSON_DATA_SECTIONS[1],
			{
				key: 'boom',
				collect: async () => null,
				erase: async () => {
					throw new Error('disk full');
				}
			},
			...PERSON_DATA_SECTIONS.slice(2)
		];
		await expect(
			erasePerson(db, facilitatorA, cohortA.id, zoe.id, FIRST, { now: NOW, sections: failing })
		).rejects.toThrow('disk full');
		expect(await refusalWithKey(erasePerson(db, facilitatorA, cohortA.id, zoe.id, 'Zoé', { now: NOW }))).toBe(
			'400 privacy_erase_confirm_mismatch'
		);
		expect(await dumpAllText()).toEqual(before);
	});

	it('erases the person: their names and free text appear nowhere, the cohort’s figures stay the same', async () => {
		const { cohortA, facilitatorA } = actors;
		const before = await aggregates(cohortA.id);
		const dumpBefore = (await dumpAllText()).join('\n');
		for (const needle of [FIRST, LAST, SECRET_NOTE, 'Aide-soignante en EHPAD', 'Conseillère Mme Ribot'])
			expect(dumpBefore).toContain(needle);
		await erasePerson(db, facilitatorA, cohortA.id, zoe.id, 'zenobie', { now: NOW + 10_000 });
		const dump = await dumpAllText();
		for (const needle of [
			FIRST,
			LAST,
			SECRET_NOTE,
			'Aide-soignante en EHPAD',
			'Conseillère Mme Ribot',
			'Travail du matin',
			'cuisine',
			'Roubaix',
			'malade'
		]) {
			expect(dump.filter((line) => line.includes(needle))).toEqual([]);
		}
		expect(await aggregates(cohortA.id)).toEqual(before);
		const user = await db.selectFrom('user').selectAll().where('id', '=', zoe.id).executeTakeFirstOrThrow();
		expect(user).toMatchObject({ last_name: null, pin_hash: null, email: null });
		expect(user.disabled_at).not.toBeNull();
		expect(await db.selectFrom('session').select('id').where('user_id', '=', zoe.id).execute()).toEqual([]);
		expect(
			(await db.selectFrom('cohort_member').select('name_key').where('user_id', '=', zoe.id).executeTakeFirstOrThrow())
				.name_key
		).toBeNull();
		// The closed-list criteria stay for the figures; the audit log keeps its rows (ids only).
		expect(
			await db.selectFrom('profile').select(['age_band', 'obstacles']).where('user_id', '=', zoe.id).executeTakeFirst()
		).toEqual({ age_band: '35_44', obstacles: '["housing","childcare"]' });
		expect((await auditTrail(db, 'person', zoe.id, 100)).map((t) => t.action)).toContain('person.erase');
		expect(await refusalWithKey(erasePerson(db, facilitatorA, cohortA.id, zoe.id, '∅'))).toBe(
			'409 privacy_already_erased'
		);
	});
});
