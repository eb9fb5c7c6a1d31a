// Participation figures of a live activity (issue 14, acceptance 5) on the data layer: what room pages report is
// kept only inside the person's presences (opened and closed by LiveKit's webhooks), overlapping reports count
// once, hands count when raised (not when a page puts one back), reactions and poll answers are read where they
// live; the cohort's facilitators see everyone's, each participant only their own, nobody else anything.
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import type { Db } from '#lib/server/db/index.ts';
import { useSeededTestDb, personJoined, personLeft } from '#lib/server/db/test-fixtures.ts';
import type { Actor } from '#lib/server/auth/policy.ts';
import { refusalWithKey as refusal } from '#lib/server/db/test-db.ts';
import { demoLiveActivity, demoParticipant, type DemoActors } from '#lib/server/seed/demo-actors.ts';
import { DEMO_COHORTS } from '#lib/server/seed/demo.ts';
import { activityRoomName, breakoutRoomName } from '#lib/server/livekit/room-names.ts';
import { recordRoomReport } from '#lib/server/livekit/reports.ts';
import { setHand, type AttributeWriter } from '#lib/server/livekit/attributes.ts';
import { roomReportSchema } from '#lib/server/livekit/schemas.ts';
import { sendReaction } from '#lib/server/polls/reactions.ts';
import { answerPoll, startPoll } from '#lib/server/polls/polls.ts';
import { PERSON_DATA_SECTIONS } from '#lib/server/privacy/sections.ts';
import { REPORT_MAX_AGE_MS, REPORT_MAX_SPANS } from '#lib/room/participation.ts';
import type { ParticipationReport } from '#lib/room/contract.ts';
import { activityParticipation, myLastSession, personParticipation } from './participation.ts';
import { participationPersonData } from './person-data.ts';

const NOW = Date.parse('2026-11-22T10:00:00Z');
const START = Date.parse('2026-11-23T08:30:00Z'); // 09:30 in Paris, 90 minutes
const MIN = 60_000;
const SEC = 1_000;

let db: Db;
let actors: DemoActors;
let activityId: string;
let second: Actor;

const rooms: AttributeWriter = { updateParticipant: async () => ({}) as never };
const live = { publishRoom: async () => {} };
const report = (at: number, participation: ParticipationReport, actor: Actor = actors.participantA) =>
	recordRoomReport(db, actor, { activityId }, { mode: 'video', quality: 'good', participation }, at);
const figuresOf = async (userId: string) =>
	(await activityParticipation(db, actors.facilitatorA, activityId)).people.find((p) => p.userId === userId);

useSeededTestDb(NOW, async (seeded) => {
	({ db, actors } = seeded);
	activityId = await demoLiveActivity(db, actors.facilitatorA, actors.cohortA.id, NOW);
	second = await demoParticipant(db, actors.cohortA.id, DEMO_COHORTS.now.participants[1]);
});

describe(`participation figures on ${process.env.TEST_DB}`, () => {
	it('keep what pages report only inside the person’s presences, and count overlapping reports once', async () => {
		const main = activityRoomName(activityId);
		// A: in the main room from START to START+20 min, then in breakout group 1 from +22 to +30 min.
		await personJoined(db, main, actors.participantA.id, START, START);
		await personLeft(db, main, actors.participantA.id, START + 20 * MIN, START + 20 * MIN);
		await personJoined(db, breakoutRoomName(activityId, 1), actors.participantA.id, START + 22 * MIN, START + 22 * MIN);

		// Reported at +10 min: spoke 60 s (from 5 min ago to 4 min ago); a stretch from before the join (12 to 11
		// minutes ago, i.e. before START) is dropped; the camera on for the whole 10 minutes; 2 messages.
		await report(START + 10 * MIN, {
			speaking: [
				[12 * MIN, 11 * MIN],
				[5 * MIN, 4 * MIN]
			],
			camera: [[10 * MIN, 0]],
			messages: 2
		});
		// The same minute again (a report sent twice, or from a second device): counted once. And 30 s more.
		await report(START + 10 * MIN, {
			speaking: [
				[5 * MIN, 4 * MIN],
				[3 * MIN, 3 * MIN - 30 * SEC]
			],
			camera: [],
			messages: 1
		});
		// At +24 min, in the group: 3 minutes back covers +21..+24, but +20..+22 was out of every room.
		await report(START + 24 * MIN, { speaking: [[3 * MIN, 0]], camera: [], messages: 0 });

		const a = await figuresOf(actors.participantA.id);
		expect(a).toMatchObject({
			speakingSeconds: 60 + 30 + 2 * 60,
			cameraSeconds: 10 * 60,
			messages: 3,
			handsRaised: 0,
			reactions: 0,
			pollAnswers: 0
		});
		// Present 20 min in the main room, and 2 so far in the group (its presence is open, seen at +22).
		expect(a?.presentMinutes).toBe(20);
		// Someone never in a room has nothing counted, whatever their page says.
		await report(START + 10 * MIN, { speaking: [[5 * MIN, 0]], camera: [[5 * MIN, 0]], messages: 0 }, second);
		expect(await figuresOf(second.id)).toMatchObject({
			presentMinutes: null,
			speakingSeconds: 0,
			cameraSeconds: 0,
			messages: 0
		});
	});

	it('count hands when raised in the activity’s rooms, not when a page puts one back', async () => {
		const at = START + 25 * MIN;
		await setHand(db, rooms, actors.participantA, { activityId }, { raised: true }, at);
		await setHand(db, rooms, actors.participantA, { activityId }, { raised: true, again: true }, at + SEC);
		await setHand(db, rooms, actors.participantA, { activityId }, { raised: false }, at + 2 * SEC);
		await setHand(db, rooms, actors.participantA, { activityId }, { raised: true }, at + 3 * SEC);
		// The salon keeps no figures.
		await setHand(db, rooms, actors.participantA, { cohortId: actors.cohortA.id }, { raised: true }, at);
		expect((await figuresOf(actors.participantA.id))?.handsRaised).toBe(2);
	});

	it('read reactions and poll answers where they live', async () => {
		const at = START + 26 * MIN;
		await sendReaction(db, live, actors.participantA, activityId, 'clap', at);
		await sendReaction(db, live, actors.participantA, activityId, 'heart', at);
		await sendReaction(db, live, second, activityId, 'laugh', at);
		const pollId = await startPoll(
			db,
			live,
			actors.facilitatorA,
			activityId,
			{ question: 'Prêt ?', kind: 'thumbs', named: false, options: [] },
			at
		);
		const option = await db
			.selectFrom('poll_option')
			.select('id')
			.where('poll_id', '=', pollId)
			.orderBy('position')
			.executeTakeFirstOrThrow();
		await answerPoll(db, live, second, activityId, pollId, option.id, at + SEC);
		expect(await figuresOf(actors.participantA.id)).toMatchObject({ reactions: 2, pollAnswers: 0 });
		expect(await figuresOf(second.id)).toMatchObject({ reactions: 1, pollAnswers: 1 });
	});

	it('are for the cohort’s facilitators (everyone) and each participant (their own); nobody else', async () => {
		const all = await activityParticipation(db, actors.facilitatorA, activityId);
		// Every participant of the cohort, in the register's order; never a facilitator.
		expect(all.people.map((p) => p.userId)).toContain(second.id);
		expect(all.people.some((p) => p.userId === actors.facilitatorA.id)).toBe(false);
		for (const outsider of [actors.participantA, actors.participantB, actors.facilitatorB, actors.director])
			expect(await refusal(activityParticipation(db, outsider, activityId))).toBe('403 error_forbidden');

		expect((await personParticipation(db, actors.participantA, activityId, actors.participantA.id))?.messages).toBe(3);
		expect((await personParticipation(db, actors.facilitatorA, activityId, second.id))?.reactions).toBe(1);
		expect(await refusal(personParticipation(db, actors.participantA, activityId, second.id))).toBe(
			'403 error_forbidden'
		);
		expect(await refusal(personParticipation(db, actors.participantB, activityId, actors.participantB.id))).toBe(
			'403 error_forbidden'
		);
	});

	it('show on /me once the person has left the activity’s rooms', async () => {
		const at = START + 40 * MIN;
		// Still in breakout group 1: nothing yet.
		expect(await myLastSession(db, actors.participantA, at)).toBeNull();
		await personLeft(db, breakoutRoomName(activityId, 1), actors.participantA.id, at, at);
		const last = await myLastSession(db, actors.participantA, at + MIN);
		expect(last?.activity.id).toBe(activityId);
		expect(last?.figures).toMatchObject({ userId: actors.participantA.id, speakingSeconds: 210, presentMinutes: 38 });
		// Someone who was never in a room has no "last session".
		expect(await myLastSession(db, second, at)).toBeNull();
	});

	it('are in the person’s data export, and only theirs', async () => {
		const mine = (await participationPersonData.collect(db, actors.participantA.id)) as {
			spans: { kind: string }[];
			counts: { chatMessages: number; handsRaised: number }[];
		};
		expect(mine.spans.filter((s) => s.kind === 'camera')).toHaveLength(1);
		expect(mine.counts).toEqual([{ activityId, chatMessages: 3, handsRaised: 2 }]);
		const theirs = await participationPersonData.collect(db, actors.participantB.id);
		expect(theirs).toEqual({ spans: [], counts: [] });
		expect(PERSON_DATA_SECTIONS).toContain(participationPersonData);
	});
});

describe('a room report’s participation is checked at the boundary', () => {
	const valid = {
		mode: 'video',
		quality: 'good',
		participation: { speaking: [[5_000, 1_000]], camera: [], messages: 1 }
	};
	const withParticipation = (participation: unknown) => ({ ...valid, participation });
	it('takes a well-formed report and refuses a malformed one', () => {
		expect(v.safeParse(roomReportSchema, valid).success).toBe(true);
		expect(v.safeParse(roomReportSchema, { mode: 'video', quality: 'good' }).success).toBe(true);
		for (const bad of [
			{ speaking: [[1_000, 5_000]], camera: [], messages: 0 }, // ends before it starts
			{ speaking: [[REPORT_MAX_AGE_MS + 1, 0]], camera: [], messages: 0 }, // too old
			{ speaking: [[-1, -2]], camera: [], messages: 0 },
			{ speaking: [[1.5, 1]], camera: [], messages: 0 },
			{ speaking: Array(REPORT_MAX_SPANS + 1).fill([2, 1]), camera: [], messages: 0 },
			{ speaking: [], camera: [], messages: -1 },
			{ speaking: [], camera: [] }
		])
			expect(v.safeParse(roomReportSchema, withParticipation(bad)).success, JSON.stringify(bad).slice(0, 80)).toBe(
				false
			);
	});
});
