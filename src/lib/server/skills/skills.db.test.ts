// Digital skills on both engines: the cohort grid and a person's skills for the cohort's
// facilitators only, declarations by the person, a facilitator's adjustment kept as such after new
// observations, observed evidence recorded once per proof, and the GDPR section.
import { describe, expect, it } from 'vitest';
import type { Db } from '#lib/server/db/index.ts';
import { useSeededTestDb } from '#lib/server/db/test-fixtures.ts';
import type { Actor } from '#lib/server/auth/policy.ts';
import { refusalWithKey as refusal } from '#lib/server/db/test-db.ts';
import { demoParticipant, type DemoActors } from '#lib/server/seed/demo-actors.ts';
import { calendarFeedText, renewCalendarFeed } from '#lib/server/calendar/calendar.ts';
import { addComment, createPost } from '#lib/server/feed/feed.ts';
import type { FeedPublisher } from '#lib/server/live/bus.ts';
import { recordDeviceCheck } from './device-check.ts';
import { recordObservedEvidence } from './evidence.ts';
import {
	cohortSkillGrid,
	declareSkill,
	mySkills,
	needsOnboarding,
	onboardingPath,
	overrideSkill,
	participantSkills,
	recordAppInstalled
} from './skills.ts';
import { skillsPersonData } from './person-data.ts';

let db: Db;
let actors: DemoActors;
const NOW = Date.parse('2026-11-22T10:00:00Z');

useSeededTestDb(NOW, (seeded) => ({ db, actors } = seeded));

async function participant(firstName: string): Promise<Actor> {
	return demoParticipant(db, actors.cohortA.id, firstName);
}

describe(`digital skills on ${process.env.TEST_DB}`, () => {
	it('shows the cohort grid to its facilitators, with observed levels', async () => {
		const mamadou = await participant('Mamadou');
		await recordDeviceCheck(db, mamadou, { result: 'ok', camera: true, microphone: true, speaker: true }, NOW);
		const grid = await cohortSkillGrid(db, actors.facilitatorA, actors.cohortA.id);
		expect(grid.skills).toHaveLength(13);
		expect(grid.people.length).toBeGreaterThanOrEqual(12);
		const row = grid.people.find((p) => p.id === mamadou.id)!;
		expect(row.cells.find((c) => c.skillId === 'camera_mic_toggle')).toEqual({
			skillId: 'camera_mic_toggle',
			level: 'autonomous',
			source: 'observed',
			overridden: false
		});
		expect(row.cells.find((c) => c.skillId === 'use_chat')).toMatchObject({ level: 'not_yet', source: null });
	});

	it('refuses the grid and a person’s skills to anyone but the cohort’s facilitators', async () => {
		const { cohortA, cohortB, facilitatorA, facilitatorB, director, admin, participantA, participantB } = actors;
		for (const actor of [facilitatorB, director, admin, participantA]) {
			expect(await refusal(cohortSkillGrid(db, actor, cohortA.id))).toBe('403 error_forbidden');
			expect(await refusal(participantSkills(db, actor, cohortA.id, participantA.id))).toBe('403 error_forbidden');
		}
		// A person of another cohort is not found through this one.
		expect(await refusal(participantSkills(db, facilitatorA, cohortA.id, participantB.id))).toBe('404 error_not_found');
		expect(await refusal(cohortSkillGrid(db, facilitatorA, cohortB.id))).toBe('403 error_forbidden');
		expect(await refusal(mySkills(db, director))).toBe('403 error_forbidden');
		expect(await refusal(mySkills(db, facilitatorA))).toBe('403 error_forbidden');
	});

	it('lets a participant declare a skill, an observation counting over it at equal level', async () => {
		const sophie = await participant('Sophie');
		expect(await needsOnboarding(db, sophie)).toBe(true);
		await declareSkill(db, sophie, 'use_chat', 'with_help', NOW);
		let chat = (await mySkills(db, sophie)).find((s) => s.id === 'use_chat')!;
		expect(chat).toMatchObject({ level: 'with_help', source: 'self', overridden: false });
		await declareSkill(db, sophie, 'use_chat', 'autonomous', NOW + 1);
		await recordObservedEvidence(db, {
			userId: sophie.id,
			skillId: 'use_chat',
			level: 'autonomous',
			event: 'chat_message',
			eventRef: null,
			at: NOW + 2
		});
		chat = (await mySkills(db, sophie)).find((s) => s.id === 'use_chat')!;
		expect(chat).toMatchObject({ level: 'autonomous', source: 'observed' });
		expect(chat.evidence.map((e) => e.source)).toEqual(['observed', 'self', 'self']);
		expect(await needsOnboarding(db, sophie)).toBe(false);
		const path = await onboardingPath(db, sophie);
		expect(path.steps.find((s) => s.skillId === 'use_chat')).toMatchObject({ done: true, observed: true });
		expect(path.done).toBe(1);
		expect(path.total).toBe(7);
		expect(await refusal(declareSkill(db, actors.facilitatorA, 'use_chat', 'autonomous'))).toBe('403 error_forbidden');
		expect(await refusal(declareSkill(db, sophie, 'no_such_skill', 'autonomous'))).toBe('404 error_not_found');
	});

	it('keeps a facilitator adjustment as such, with its author and note, after a newer observation', async () => {
		const thierry = await participant('Thierry');
		await recordObservedEvidence(db, {
			userId: thierry.id,
			skillId: 'send_document',
			level: 'autonomous',
			event: 'first_upload',
			eventRef: null,
			at: NOW
		});
		await overrideSkill(
			db,
			actors.facilitatorA,
			actors.cohortA.id,
			thierry.id,
			{ skillId: 'send_document', level: 'with_help', note: 'Avec l’aide de Sophie' },
			NOW + 10
		);
		await recordObservedEvidence(db, {
			userId: thierry.id,
			skillId: 'send_document',
			level: 'autonomous',
			event: 'assignment_upload',
			eventRef: null,
			at: NOW + 20
		});
		const file = await participantSkills(db, actors.facilitatorA, actors.cohortA.id, thierry.id);
		const skill = file.skills.find((s) => s.id === 'send_document')!;
		expect(skill).toMatchObject({ level: 'with_help', source: 'facilitator', overridden: true });
		expect(skill.decidedBy).toMatchObject({ recordedBy: 'Claire', note: 'Avec l’aide de Sophie', at: NOW + 10 });
		expect(skill.evidence.map((e) => e.event)).toEqual(['assignment_upload', 'facilitator_adjusted', 'first_upload']);
		const cell = (await cohortSkillGrid(db, actors.facilitatorA, actors.cohortA.id)).people
			.find((p) => p.id === thierry.id)!
			.cells.find((c) => c.skillId === 'send_document');
		expect(cell).toMatchObject({ level: 'with_help', source: 'facilitator', overridden: true });
		for (const actor of [actors.facilitatorB, actors.director, thierry]) {
			expect(
				await refusal(
					overrideSkill(db, actor, actors.cohortA.id, thierry.id, {
						skillId: 'send_document',
						level: 'autonomous',
						note: ''
					})
				)
			).toBe('403 error_forbidden');
		}
		expect(
			await refusal(
				overrideSkill(db, actors.facilitatorA, actors.cohortA.id, actors.participantB.id, {
					skillId: 'send_document',
					level: 'autonomous',
					note: ''
				})
			)
		).toBe('404 error_not_found');
	});

	it('records an observed proof once, whatever the number of events', async () => {
		const kevin = await participant('Kevin');
		for (let i = 0; i < 3; i++)
			await recordObservedEvidence(db, {
				userId: kevin.id,
				skillId: 'join_video_call',
				level: 'autonomous',
				event: 'room_joined',
				eventRef: `EV_${i}`,
				at: NOW + i
			});
		const rows = await db.selectFrom('skill_evidence').select(['event_ref']).where('user_id', '=', kevin.id).execute();
		expect(rows).toEqual([{ event_ref: 'EV_0' }]);
	});

	it('exports the evidence and erases the notes, keeping the levels', async () => {
		const thierry = await participant('Thierry');
		type Exported = { evidence: Array<{ note: string | null; source: string; level: string }> };
		const exported = ((await skillsPersonData.collect(db, thierry.id)) as Exported).evidence;
		expect(exported.find((r) => r.source === 'facilitator')?.note).toBe('Avec l’aide de Sophie');
		await db.transaction().execute((trx) => skillsPersonData.erase(trx, thierry.id, NOW));
		const after = ((await skillsPersonData.collect(db, thierry.id)) as Exported).evidence;
		expect(after).toHaveLength(exported.length);
		expect(after.every((r) => r.note === null)).toBe(true);
	});

	it('sees a participant answer a message of the feed, and a calendar app fetch their private calendar', async () => {
		const samir = await participant('Samir');
		const live: FeedPublisher = { publish: async () => {} };
		const postId = await createPost(
			db,
			live,
			actors.facilitatorA,
			actors.cohortA.id,
			{ kind: 'announcement', body: 'Bonjour à tous' } as never,
			NOW
		);
		const commentId = await addComment(db, live, samir, actors.cohortA.id, postId, 'Bonjour !', NOW + 1);
		await addComment(db, live, actors.facilitatorA, actors.cohortA.id, postId, 'Bienvenue', NOW + 2);
		const skill = (await mySkills(db, samir)).find((s) => s.id === 'read_answer_message')!;
		expect(skill).toMatchObject({ level: 'autonomous', source: 'observed' });
		expect(skill.evidence[0]).toMatchObject({
			event: 'feed_comment',
			place: { kind: 'comment', cohortId: actors.cohortA.id, postId }
		});
		expect(
			(await db.selectFrom('skill_evidence').select('event_ref').where('event', '=', 'feed_comment').execute()).map(
				(r) => r.event_ref
			)
		).toEqual([commentId]);

		const token = await renewCalendarFeed(db, samir, NOW);
		await calendarFeedText(db, token, 'http://localhost', { fromCalendarApp: false });
		expect((await mySkills(db, samir)).find((s) => s.id === 'add_calendar_event')!.level).toBe('not_yet');
		await calendarFeedText(db, token, 'http://localhost', { fromCalendarApp: true, now: NOW + 3 });
		expect((await mySkills(db, samir)).find((s) => s.id === 'add_calendar_event')).toMatchObject({
			level: 'autonomous',
			source: 'observed',
			decidedBy: { event: 'calendar_fetched' }
		});
	});

	it('takes the home-screen report from participants only, once', async () => {
		const ines = await participant('Inès');
		await recordAppInstalled(db, ines, NOW);
		await recordAppInstalled(db, ines, NOW + 1);
		expect((await onboardingPath(db, ines)).steps.find((s) => s.skillId === 'install_app')).toMatchObject({
			done: true,
			observed: true,
			level: 'autonomous'
		});
		expect(
			await db
				.selectFrom('skill_evidence')
				.select('id')
				.where('user_id', '=', ines.id)
				.where('event', '=', 'standalone_opened')
				.execute()
		).toHaveLength(1);
		expect(await refusal(recordAppInstalled(db, actors.facilitatorA))).toBe('403 error_forbidden');
	});
});
