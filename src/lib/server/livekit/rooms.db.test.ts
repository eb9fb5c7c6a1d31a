// Live rooms on the database engines: join tickets (who, when, with which rights), webhooks turned
// into presences and attendance (signed exactly as livekit-server signs them, verified by the real
// WebhookReceiver), replays and forgeries refused, and reconciliation against a real livekit-server.
// The end-to-end specs (tests/live-*.spec.ts) prove the same with browsers in real rooms.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RoomServiceClient, TokenVerifier, WebhookReceiver } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLivekit } from '../../../../scripts/livekit.mjs';
import type { Db } from '#lib/server/db/index.ts';
import { refusalWithKey as refusal } from '#lib/server/db/test-db.ts';
import { addCohortALiveRoom, useSeededTestDb } from '#lib/server/db/test-fixtures.ts';
import { markAttendance, attendanceSheet } from '#lib/server/attendance/attendance.ts';
import type { DemoActors } from '#lib/server/seed/demo-actors.ts';
import { recordDeviceCheck } from '#lib/server/skills/device-check.ts';
import { recordRoomReport } from './reports.ts';
import type { LivekitConfig } from './config.ts';
import { setHand, setPin, type AttributeWriter } from './attributes.ts';
import { moderate, setBreakouts } from './moderation.ts';
import { peopleSeen } from './presence.ts';
import { reconcilePresences } from './reconcile.ts';
import { breakoutRoomName } from './room-names.ts';
import { issueTicket } from './tickets.ts';
import { signedWebhook } from './signed-webhook.ts';
import { ingestWebhook, storeWebhooks, verifyWebhook } from './webhook.ts';

const API_KEY = 'devkey';
const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
// One LiveKit server per engine: the two Vitest projects may run at the same time.
const LIVEKIT_PORT = process.env.TEST_DB === 'postgres' ? 17990 : 17980;
const MIN = 60_000;
// 11:00 in Paris on a Sunday; the activity below runs 11:00–12:00 Paris time.
const NOW = Date.parse('2026-11-22T10:00:00Z');

let db: Db;
let actors: DemoActors;
let activityId: string;
let roomName: string;
let livekit: NonNullable<Awaited<ReturnType<typeof startLivekit>>>;
let lkDir: string;
const receiver = new WebhookReceiver(API_KEY, SECRET);

useSeededTestDb(
	NOW,
	async (seeded) => {
		({ db, actors } = seeded);
		const room = { title: 'Visio du matin', date: '2026-11-22' };
		({ activityId, roomName } = await addCohortALiveRoom(db, actors, room, NOW));
	},
	60_000
);
beforeAll(async () => {
	lkDir = mkdtempSync(join(tmpdir(), 'tablee-lk-'));
	process.env.LIVEKIT_API_SECRET = SECRET;
	const started = await startLivekit({ dataDir: lkDir, port: LIVEKIT_PORT, udpPort: LIVEKIT_PORT + 2, appPort: 1 });
	if (!started)
		throw new Error(
			'livekit-server not found: run `node scripts/livekit.mjs install` (CI does); this test does not skip.'
		);
	livekit = started;
}, 60_000);
afterAll(async () => {
	await livekit?.stop();
	rmSync(lkDir, { recursive: true, force: true });
});

const config = (): LivekitConfig => ({
	url: livekit.url,
	urls: [livekit.url],
	apiUrl: livekit.url.replace('ws', 'http'),
	apiKey: API_KEY,
	apiSecret: SECRET,
	loopbackOnly: true
});

let eventCounter = 0;
/** A webhook as livekit-server sends it: protobuf JSON body, JWT whose sha256 claim is the body's hash. */
async function webhook(
	event: string,
	identity: string | null,
	at: number,
	options: { room?: string; secret?: string; id?: string; track?: { sid: string; source: string; type: string } } = {}
) {
	return signedWebhook(
		{
			event,
			id: options.id ?? `EV_test_${++eventCounter}_${at}`,
			createdAt: String(Math.floor(at / 1000)),
			room: { name: options.room ?? roomName },
			...(identity ? { participant: { identity, sid: `PA_${identity}` } } : {}),
			...(options.track ? { track: options.track } : {})
		},
		API_KEY,
		options.secret ?? SECRET
	);
}
const deliver = async (hook: { body: string; authorization: string }, now: number) =>
	ingestWebhook(db, receiver, hook.body, hook.authorization, now);

/** Participants of cohort A other than participantA, each test using its own. */
const othersOfCohortA = async () =>
	(
		await db
			.selectFrom('cohort_member')
			.select('user_id')
			.where('cohort_id', '=', actors.cohortA.id)
			.where('role', '=', 'participant')
			.where('user_id', '!=', actors.participantA.id)
			.orderBy('user_id')
			.execute()
	).map((r) => r.user_id);

const attendanceOf = (userId: string) =>
	db
		.selectFrom('attendance')
		.selectAll()
		.where('activity_id', '=', activityId)
		.where('user_id', '=', userId)
		.executeTakeFirst();

describe(`join tickets on ${process.env.TEST_DB}`, () => {
	it('gives a participant camera and microphone only, never admin rights, in the activity room', async () => {
		const ticket = await issueTicket(db, config(), actors.participantA, { activityId }, NOW);
		expect(ticket.roomName).toBe(roomName);
		const claims = await new TokenVerifier(API_KEY, SECRET).verify(ticket.token);
		expect(claims.sub).toBe(actors.participantA.id);
		expect(claims.video?.room).toBe(roomName);
		expect(claims.video?.roomAdmin ?? false).toBe(false);
		expect(claims.video?.canPublishSources).toEqual(['camera', 'microphone']);
		expect(JSON.parse(claims.metadata ?? '{}')).toEqual({ role: 'participant' });
		expect(Number(claims.exp) - Number(claims.nbf)).toBeLessThanOrEqual(10 * 60);
	});

	it('makes the facilitator room admin, able to share the screen', async () => {
		const claims = await new TokenVerifier(API_KEY, SECRET).verify(
			(await issueTicket(db, config(), actors.facilitatorA, { activityId }, NOW)).token
		);
		expect(claims.video?.roomAdmin).toBe(true);
		expect(claims.video?.canPublishSources).toContain('screen_share');
	});

	it('refuses other cohorts, overseers, and anyone outside the window', async () => {
		expect(await refusal(issueTicket(db, config(), actors.participantB, { activityId }, NOW))).toBe(
			'403 error_forbidden'
		);
		expect(await refusal(issueTicket(db, config(), actors.facilitatorB, { activityId }, NOW))).toBe(
			'403 error_forbidden'
		);
		expect(await refusal(issueTicket(db, config(), actors.director, { activityId }, NOW))).toBe('403 error_forbidden');
		expect(await refusal(issueTicket(db, config(), actors.participantA, { activityId }, NOW - 16 * MIN))).toBe(
			'403 room_closed'
		);
		expect(await refusal(issueTicket(db, config(), actors.participantA, { activityId }, NOW - 14 * MIN))).toBe(
			'allowed'
		);
		expect(await refusal(issueTicket(db, config(), actors.facilitatorA, { activityId }, NOW - 50 * MIN))).toBe(
			'allowed'
		);
		expect(await refusal(issueTicket(db, config(), actors.participantA, { activityId }, NOW + 91 * MIN))).toBe(
			'403 room_closed'
		);
		expect(await refusal(issueTicket(db, config(), actors.participantB, { cohortId: actors.cohortA.id }, NOW))).toBe(
			'403 error_forbidden'
		);
		expect((await issueTicket(db, config(), actors.participantA, { cohortId: actors.cohortA.id }, NOW)).roomName).toBe(
			`salon-${actors.cohortA.id}`
		);
	});

	it('lets LiveKit itself refuse moderation with a participant token, and accept it with a facilitator one', async () => {
		const call = async (token: string) =>
			fetch(`${config().apiUrl}/twirp/livekit.RoomService/MutePublishedTrack`, {
				method: 'POST',
				headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
				body: JSON.stringify({ room: roomName, identity: actors.facilitatorA.id, track_sid: 'TR_x', muted: true })
			});
		const asParticipant = await call((await issueTicket(db, config(), actors.participantA, { activityId }, NOW)).token);
		expect([401, 403]).toContain(asParticipant.status);
		const asFacilitator = await call((await issueTicket(db, config(), actors.facilitatorA, { activityId }, NOW)).token);
		expect([401, 403]).not.toContain(asFacilitator.status);
	});

	it('refuses moderation and breakouts to participants and to other facilitators, before touching LiveKit', async () => {
		const rooms = new RoomServiceClient(config().apiUrl, API_KEY, SECRET);
		expect(
			await refusal(
				moderate(db, rooms, actors.participantA, activityId, { action: 'mute', identity: actors.facilitatorA.id })
			)
		).toBe('403 error_forbidden');
		expect(
			await refusal(
				moderate(db, rooms, actors.facilitatorB, activityId, { action: 'remove', identity: actors.participantA.id })
			)
		).toBe('403 error_forbidden');
		expect(await refusal(setBreakouts(db, rooms, actors.participantA, activityId, 2))).toBe('403 error_forbidden');
	});
});

describe(`roles, hands and pins set by the server only on ${process.env.TEST_DB}`, () => {
	/** A RoomServiceClient that only records what it was asked to write. */
	const recorder = () => {
		const calls: { room: string; identity: string; attributes: unknown }[] = [];
		const rooms: AttributeWriter = {
			updateParticipant: async (room: string, identity: string, options?: unknown) => {
				calls.push({ room, identity, attributes: (options as { attributes?: unknown }).attributes });
				return {} as never;
			}
		};
		return { rooms, calls };
	};

	it('gives nobody a token that may change their own name, metadata or attributes', async () => {
		for (const [actor, request] of [
			[actors.participantA, { activityId }],
			[actors.facilitatorA, { activityId }],
			[actors.participantA, { cohortId: actors.cohortA.id }],
			[actors.facilitatorA, { cohortId: actors.cohortA.id }]
		] as const) {
			const claims = await new TokenVerifier(API_KEY, SECRET).verify(
				(await issueTicket(db, config(), actor, request, NOW)).token
			);
			expect(claims.video?.canUpdateOwnMetadata, `${actor.first_name} in ${JSON.stringify(request)}`).toBe(false);
		}
	});

	it('lets LiveKit itself refuse a participant token writing attributes through the room service', async () => {
		const token = (await issueTicket(db, config(), actors.participantA, { activityId }, NOW)).token;
		const answer = await fetch(`${config().apiUrl}/twirp/livekit.RoomService/UpdateParticipant`, {
			method: 'POST',
			headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
			body: JSON.stringify({ room: roomName, identity: actors.participantA.id, attributes: { 'tablee.pin': 'x' } })
		});
		expect([401, 403]).toContain(answer.status);
	});

	it('raises and lowers a member’s own hand on their own participant, in the room they are in now', async () => {
		const { rooms, calls } = recorder();
		await setHand(db, rooms, actors.participantA, { activityId }, { raised: true }, NOW);
		await setHand(db, rooms, actors.participantA, { cohortId: actors.cohortA.id }, { raised: false }, NOW);
		expect(calls).toEqual([
			{ room: roomName, identity: actors.participantA.id, attributes: { 'tablee.hand': String(NOW) } },
			{ room: `salon-${actors.cohortA.id}`, identity: actors.participantA.id, attributes: { 'tablee.hand': '' } }
		]);
		expect(await refusal(setHand(db, rooms, actors.participantB, { activityId }, { raised: true }, NOW))).toBe(
			'403 error_forbidden'
		);
		expect(calls).toHaveLength(2);
	});

	it('lets only the cohort’s facilitator pin someone, written on the facilitator’s own participant', async () => {
		const { rooms, calls } = recorder();
		const pin = (actor: typeof actors.participantA, request: { activityId: string } | { cohortId: string }) =>
			refusal(setPin(db, rooms, actor, request, actors.participantA.id, NOW));
		expect(await pin(actors.participantA, { activityId })).toBe('403 error_forbidden');
		expect(await pin(actors.participantA, { cohortId: actors.cohortA.id })).toBe('403 error_forbidden');
		expect(await pin(actors.facilitatorB, { activityId })).toBe('403 error_forbidden');
		expect(calls, 'LiveKit was never asked').toEqual([]);
		expect(await pin(actors.facilitatorA, { activityId })).toBe('allowed');
		expect(calls).toEqual([
			{ room: roomName, identity: actors.facilitatorA.id, attributes: { 'tablee.pin': actors.participantA.id } }
		]);
	});

	it('tells a member who is not in the room so, from the real livekit-server', async () => {
		const rooms = new RoomServiceClient(config().apiUrl, API_KEY, SECRET);
		expect(await refusal(setHand(db, rooms, actors.participantA, { activityId }, { raised: true }, NOW))).toBe(
			'404 room2_not_in_room'
		);
	});
});

describe(`webhooks and attendance on ${process.env.TEST_DB}`, () => {
	it('adds up join → leave → rejoin → leave', async () => {
		const who = actors.participantA.id;
		const t0 = NOW;
		await deliver(await webhook('participant_joined', who, t0), t0);
		await deliver(await webhook('participant_left', who, t0 + 10 * MIN), t0 + 10 * MIN);
		await deliver(await webhook('participant_joined', who, t0 + 20 * MIN), t0 + 20 * MIN);
		await deliver(await webhook('participant_left', who, t0 + 35 * MIN), t0 + 35 * MIN);
		const row = await attendanceOf(who);
		expect(row).toMatchObject({
			seconds: 25 * 60,
			mode: 'video',
			source: 'livekit',
			first_joined_at: t0,
			last_left_at: t0 + 35 * MIN
		});
		const evidence = await db
			.selectFrom('skill_evidence')
			.selectAll()
			.where('user_id', '=', who)
			.where('skill_id', '=', 'join_video_call')
			.execute();
		expect(evidence).toHaveLength(1);
		expect(evidence[0]).toMatchObject({ source: 'observed', level: 'autonomous', event: 'room_joined' });
	});

	it('counts a person in the main room and a breakout room at once only once', async () => {
		const who = (await othersOfCohortA())[0];
		const t0 = NOW;
		const group = breakoutRoomName(activityId, 1);
		await deliver(await webhook('participant_joined', who, t0), t0);
		await deliver(await webhook('participant_joined', who, t0 + 5 * MIN, { room: group }), t0 + 5 * MIN);
		await deliver(await webhook('participant_left', who, t0 + 10 * MIN), t0 + 10 * MIN);
		await deliver(await webhook('participant_left', who, t0 + 20 * MIN, { room: group }), t0 + 20 * MIN);
		expect((await attendanceOf(who))?.seconds).toBe(20 * 60);
	});

	it('refuses a forged webhook, a replayed one and a stale one, and changes nothing', async () => {
		const who = actors.participantA.id;
		const before = await attendanceOf(who);
		const events = await db
			.selectFrom('room_event')
			.select(({ fn }) => fn.countAll<number>().as('n'))
			.executeTakeFirstOrThrow();

		const forged = await webhook('participant_left', who, NOW + 40 * MIN, {
			secret: 'not-the-secret-of-this-server-0123456789'
		});
		expect(await refusal(deliver(forged, NOW + 40 * MIN))).toBe('401 error_forbidden');
		const tampered = await webhook('participant_joined', who, NOW + 40 * MIN);
		expect(
			await refusal(
				deliver({ ...tampered, body: tampered.body.replace('participant_joined', 'participant_left') }, NOW + 40 * MIN)
			)
		).toBe('401 error_forbidden');

		const real = await webhook('participant_joined', who, NOW + 50 * MIN);
		await deliver(real, NOW + 50 * MIN);
		await deliver(await webhook('participant_left', who, NOW + 55 * MIN), NOW + 55 * MIN);
		const after = await attendanceOf(who);
		expect(after?.seconds).toBe(30 * 60);
		expect(await refusal(deliver(real, NOW + 56 * MIN))).toBe('409 error_generic');
		expect(await refusal(deliver(await webhook('participant_joined', who, NOW), NOW + 56 * MIN))).toBe(
			'409 error_generic'
		);
		// Issue 16: signed but dated ahead (a year, or two minutes past the allowed clock drift): refused.
		for (const ahead of [365 * 24 * 60 * MIN, 2 * MIN]) {
			const future = await webhook('participant_joined', who, NOW + 56 * MIN + ahead);
			expect(await refusal(deliver(future, NOW + 56 * MIN))).toBe('409 error_generic');
		}
		expect(await attendanceOf(who)).toEqual(after);
		const eventsAfter = await db
			.selectFrom('room_event')
			.select(({ fn }) => fn.countAll<number>().as('n'))
			.executeTakeFirstOrThrow();
		expect(Number(eventsAfter.n)).toBe(Number(events.n) + 2);
		expect(before?.seconds).toBe(25 * 60);
	});

	it('stores webhooks that arrive at once as one group, each counted as it would be alone', async () => {
		const others = await othersOfCohortA();
		const people = [others[2], ...others.slice(8, 11)];
		const events = async () =>
			Number(
				(
					await db
						.selectFrom('room_event')
						.select(({ fn }) => fn.countAll<number>().as('n'))
						.executeTakeFirstOrThrow()
				).n
			);
		const before = await events();
		const verified = (hooks: { body: string; authorization: string }[], now: number) =>
			Promise.all(hooks.map((h) => verifyWebhook(receiver, h.body, h.authorization, now)));
		const joins = await Promise.all(people.map((who) => webhook('participant_joined', who, NOW)));
		// One group, as they come when everyone joins at once; LiveKit delivered the first join twice.
		expect(await storeWebhooks(db, await verified([...joins, joins[0]], NOW))).toEqual([
			...people.map(() => true),
			false
		]);
		const lefts = await Promise.all(people.map((who, i) => webhook('participant_left', who, NOW + (10 + i) * MIN)));
		expect(await storeWebhooks(db, await verified(lefts, NOW + 20 * MIN))).toEqual(people.map(() => true));
		for (const [i, who] of people.entries()) {
			expect(await attendanceOf(who)).toMatchObject({
				seconds: (10 + i) * 60,
				source: 'livekit',
				first_joined_at: NOW,
				last_left_at: NOW + (10 + i) * MIN
			});
			const evidence = await db
				.selectFrom('skill_evidence')
				.select('event')
				.where('user_id', '=', who)
				.where('skill_id', '=', 'join_video_call')
				.execute();
			expect(evidence).toEqual([{ event: 'room_joined' }]);
		}
		// Each person's figures are marked for the background refresh.
		const marks = await db
			.selectFrom('insights_pending')
			.select('source')
			.where('cohort_id', '=', actors.cohortA.id)
			.where('source', 'in', people)
			.execute();
		expect(new Set(marks.map((m) => m.source))).toEqual(new Set(people));
		expect(await events()).toBe(before + 2 * people.length);
	});

	it('applies a group in which one person comes and goes as it would each webhook alone, in order', async () => {
		const others = await othersOfCohortA();
		const group = breakoutRoomName(activityId, 2);
		const camera = { track: { sid: 'TR_cam_group', source: 'CAMERA', type: 'VIDEO' } };
		const story = async (who: string) => [
			await webhook('participant_joined', who, NOW),
			await webhook('participant_joined', who, NOW + MIN, { room: group }),
			await webhook('participant_left', who, NOW + 2 * MIN),
			await webhook('participant_left', who, NOW + 3 * MIN, { room: group }),
			await webhook('participant_joined', who, NOW + 5 * MIN),
			await webhook('track_published', who, NOW + 6 * MIN, camera),
			await webhook('participant_left', who, NOW + 8 * MIN)
		];
		const [grouped, alone] = [others[3], others[4]];
		const hooks = await Promise.all(
			(await story(grouped)).map((h) => verifyWebhook(receiver, h.body, h.authorization, NOW + 8 * MIN))
		);
		expect(await storeWebhooks(db, hooks)).toEqual(hooks.map(() => true));
		for (const hook of await story(alone)) await deliver(hook, NOW + 8 * MIN);
		for (const who of [grouped, alone]) {
			expect(await attendanceOf(who)).toMatchObject({
				seconds: 6 * 60,
				first_joined_at: NOW,
				last_left_at: NOW + 8 * MIN
			});
			const presences = await db
				.selectFrom('presence')
				.select(['joined_at', 'left_at'])
				.where('user_id', '=', who)
				.orderBy('joined_at')
				.execute();
			expect(presences).toEqual([
				{ joined_at: NOW, left_at: NOW + 2 * MIN },
				{ joined_at: NOW + MIN, left_at: NOW + 3 * MIN },
				{ joined_at: NOW + 5 * MIN, left_at: NOW + 8 * MIN }
			]);
			const evidence = await db
				.selectFrom('skill_evidence')
				.select('event')
				.where('user_id', '=', who)
				.where('source', '=', 'observed')
				.orderBy('event')
				.execute();
			expect(evidence).toEqual([{ event: 'camera_published' }, { event: 'room_joined' }]);
		}
	});

	it('keeps a manual mark as the facilitator set it, and refuses it to others', async () => {
		const who = actors.participantA.id;
		expect(await refusal(markAttendance(db, actors.participantA, activityId, who, 'excused'))).toBe(
			'403 error_forbidden'
		);
		expect(await refusal(markAttendance(db, actors.facilitatorB, activityId, who, 'excused'))).toBe(
			'403 error_forbidden'
		);
		expect(
			await refusal(markAttendance(db, actors.facilitatorA, activityId, actors.participantB.id, 'in_person'))
		).toBe('404 error_not_found');
		await markAttendance(db, actors.facilitatorA, activityId, who, 'in_person', NOW + 60 * MIN);
		expect(await attendanceOf(who)).toMatchObject({
			mode: 'in_person',
			source: 'manual',
			seconds: 30 * 60,
			marked_by: actors.facilitatorA.id
		});
		const sheet = await attendanceSheet(db, actors.facilitatorA, activityId);
		expect(sheet.lines.find((l) => l.userId === who)).toMatchObject({
			mode: 'in_person',
			status: 'present',
			minutes: 60
		});
		expect(sheet.lines.length).toBeGreaterThanOrEqual(10);
		// LiveKit goes on counting the minutes; the mode stays as the facilitator set it.
		await deliver(await webhook('participant_joined', who, NOW + 61 * MIN), NOW + 61 * MIN);
		await deliver(await webhook('participant_left', who, NOW + 66 * MIN), NOW + 66 * MIN);
		expect(await attendanceOf(who)).toMatchObject({ mode: 'in_person', source: 'manual', seconds: 35 * 60 });
		expect(await refusal(attendanceSheet(db, actors.director, activityId))).toBe('403 error_forbidden');
		expect(await refusal(attendanceSheet(db, actors.participantA, activityId))).toBe('403 error_forbidden');
	});
});

describe(`reconciliation against a real livekit-server on ${process.env.TEST_DB}`, () => {
	it('never counts the time LiveKit could not vouch for, and closes presences LiveKit does not know', async () => {
		const who = actors.participantB.id; // a member of cohort B, in cohort B's salon
		const salon = `salon-${actors.cohortB.id}`;
		const t0 = Date.now() - 5 * MIN;
		await deliver(await webhook('participant_joined', who, t0, { room: salon }), t0);
		await peopleSeen(db, salon, [who], t0 + MIN);
		// LiveKit unreachable: nothing is closed, nothing is extended.
		await reconcilePresences(db, new RoomServiceClient('http://127.0.0.1:9', API_KEY, SECRET), t0 + 2 * MIN);
		let presences = await db.selectFrom('presence').selectAll().where('room_name', '=', salon).execute();
		expect(presences).toMatchObject([{ left_at: null, last_seen_at: t0 + MIN }]);
		// The real server has nobody in that room: the presence ends where it was last seen.
		await reconcilePresences(db, new RoomServiceClient(config().apiUrl, API_KEY, SECRET), t0 + 3 * MIN);
		presences = await db.selectFrom('presence').selectAll().where('room_name', '=', salon).execute();
		expect(presences).toMatchObject([{ kind: 'salon', left_at: t0 + MIN }]);
	});

	it('ends a presence LiveKit lost at its last sighting when the person comes back', async () => {
		const who = (await othersOfCohortA())[1];
		const t0 = NOW;
		await deliver(await webhook('participant_joined', who, t0), t0);
		await peopleSeen(db, roomName, [who], t0 + 2 * MIN);
		// No "left" ever came (LiveKit died); the person rejoins after the restart.
		await deliver(await webhook('participant_joined', who, t0 + 5 * MIN), t0 + 5 * MIN);
		await deliver(await webhook('participant_left', who, t0 + 8 * MIN), t0 + 8 * MIN);
		expect((await attendanceOf(who))?.seconds).toBe(5 * 60);
	});
});

describe(`device check on ${process.env.TEST_DB}`, () => {
	it('keeps what worked and records the camera-and-microphone skill as observed', async () => {
		await recordDeviceCheck(
			db,
			actors.participantA,
			{ result: 'help', camera: true, microphone: true, speaker: false },
			NOW
		);
		const evidence = await db
			.selectFrom('skill_evidence')
			.selectAll()
			.where('user_id', '=', actors.participantA.id)
			.where('skill_id', '=', 'camera_mic_toggle')
			.execute();
		expect(evidence).toMatchObject([{ level: 'with_help', source: 'observed', event: 'device_check' }]);
		expect(
			await refusal(
				recordDeviceCheck(db, actors.director, { result: 'ok', camera: true, microphone: true, speaker: true })
			)
		).toBe('403 error_forbidden');
	});

	it('records a camera published in the room (signed track_published) as observed evidence linked to the webhook', async () => {
		const [who] = (await othersOfCohortA()).slice(5, 6);
		const t0 = NOW + 2 * MIN;
		await deliver(await webhook('participant_joined', who, t0), t0);
		const published = await deliver(
			await webhook('track_published', who, t0 + 1000, { track: { sid: 'TR_cam', source: 'CAMERA', type: 'VIDEO' } }),
			t0 + 1000
		);
		await deliver(
			await webhook('track_published', who, t0 + 2000, {
				track: { sid: 'TR_mic', source: 'MICROPHONE', type: 'AUDIO' }
			}),
			t0 + 2000
		);
		// Someone who is not a member of this cohort: nothing recorded.
		await deliver(
			await webhook('track_published', actors.participantB.id, t0 + 3000, {
				track: { sid: 'TR_b', source: 'CAMERA', type: 'VIDEO' }
			}),
			t0 + 3000
		);
		// A member of the cohort who is not in the room (no open presence): nothing recorded (issue 16).
		const [absent] = (await othersOfCohortA()).slice(7, 8);
		expect(absent).toBeTruthy();
		await deliver(
			await webhook('track_published', absent, t0 + 4000, { track: { sid: 'TR_a', source: 'CAMERA', type: 'VIDEO' } }),
			t0 + 4000
		);
		const evidence = await db
			.selectFrom('skill_evidence')
			.select(['skill_id', 'event', 'event_ref', 'level', 'source'])
			.where('user_id', 'in', [who, actors.participantB.id, absent])
			.where('event', '=', 'camera_published')
			.execute();
		expect(evidence).toEqual([
			{
				skill_id: 'camera_mic_toggle',
				event: 'camera_published',
				event_ref: published.id,
				level: 'autonomous',
				source: 'observed'
			}
		]);
	});

	it('takes a chat report only while LiveKit vouches for the person in the room', async () => {
		const [who] = (await othersOfCohortA()).slice(6, 7);
		const actor = { ...actors.participantA, id: who };
		const t0 = NOW + 3 * MIN;
		await recordRoomReport(db, actor, { activityId }, { mode: 'video', quality: 'good', chatSent: true }, t0);
		const chat = () =>
			db
				.selectFrom('skill_evidence')
				.select(['event', 'event_ref'])
				.where('user_id', '=', who)
				.where('skill_id', '=', 'use_chat')
				.execute();
		expect(await chat()).toEqual([]);
		await deliver(await webhook('participant_joined', who, t0), t0);
		await recordRoomReport(db, actor, { activityId }, { mode: 'video', quality: 'good', chatSent: true }, t0 + 1000);
		const presence = await db
			.selectFrom('presence')
			.select('id')
			.where('user_id', '=', who)
			.where('left_at', 'is', null)
			.executeTakeFirstOrThrow();
		expect(await chat()).toEqual([{ event: 'chat_message', event_ref: presence.id }]);
	});
});
