// Issue 17, acceptance 2: the LiveKit node hosting a live room dies; its people reconnect onto another node as
// new sessions (new participant sids); the stored minutes must not count the outage. The order of events is the
// one measured on the two-node cluster (tests/cluster.spec.ts): the surviving node reports the dead node's
// sessions as left 16–20 s after the kill, often after their new sessions joined; meanwhile the reconciler's
// participant list, asked of the node hosting the room, gets no answer. Webhooks are signed as livekit-server
// signs them and go through ingestWebhook; LiveKit's participant lists are scripted (the cluster spec runs
// the real nodes).
//
// The bound: an outaged session's presence ends at its last sighting by the reconciler (the last tick that listed
// it), so nothing between the kill and the new session is counted, and at most one reconciler interval before
// the kill is lost (the time since that sighting). In the order where the late "left" comes before the new
// session, this holds once a reconciler tick has found the room's node dead before that "left" arrives (ticks
// every 15 s, LiveKit's "left" 16–20 s after the kill); without such a tick the outage counts up to that "left".
import { WebhookReceiver, type RoomServiceClient } from 'livekit-server-sdk';
import { describe, expect, it } from 'vitest';
import type { Db } from '#lib/server/db/index.ts';
import { addCohortALiveRoom, useSeededTestDb } from '#lib/server/db/test-fixtures.ts';
import type { DemoActors } from '#lib/server/seed/demo-actors.ts';
import { reconcilePresences } from './reconcile.ts';
import { signedWebhook } from './signed-webhook.ts';
import { ingestWebhook } from './webhook.ts';

const API_KEY = 'devkey';
const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const S = 1000;
// 11:00 in Paris on a Sunday; the activity below runs 11:00–12:00 Paris time.
const NOW = Date.parse('2026-11-22T10:00:00Z');
/** The reconciler's interval in production (LIVEKIT_RECONCILE_MS): its ticks below are this far apart. */
const INTERVAL = 15 * S;

let db: Db;
let actors: DemoActors;
let activityId: string;
let roomName: string;
const receiver = new WebhookReceiver(API_KEY, SECRET);

useSeededTestDb(
	NOW,
	async (seeded) => {
		({ db, actors } = seeded);
		const room = { title: 'Visio sur deux nœuds', date: '2026-11-22' };
		({ activityId, roomName } = await addCohortALiveRoom(db, actors, room, NOW));
	},
	60_000
);

let eventCounter = 0;
/** A webhook as livekit-server sends it (protobuf JSON, JWT with the body's sha256), delivered at its time. */
async function deliver(event: 'participant_joined' | 'participant_left', identity: string, sid: string, at: number) {
	const { body, authorization } = await signedWebhook(
		{
			event,
			id: `EV_outage_${++eventCounter}`,
			createdAt: String(Math.floor(at / 1000)),
			room: { name: roomName },
			participant: { identity, sid }
		},
		API_KEY,
		SECRET
	);
	await ingestWebhook(db, receiver, body, authorization, at);
}

/**
 * LiveKit's room service as the reconciler meets it: who the node hosting the room lists, or no answer (that
 * node is dead: LiveKit says "no response from servers") while the room is still known.
 */
function livekitListing(listed: { identity: string; sid: string }[] | 'node dead'): RoomServiceClient {
	return {
		listParticipants: async () => {
			if (listed === 'node dead') throw new Error('no response from servers');
			return listed.map((p) => ({ ...p, attributes: {} }));
		},
		listRooms: async (names: string[]) => names.map((name) => ({ name }))
	} as unknown as RoomServiceClient;
}

const participantsOfCohortA = async () =>
	(
		await db
			.selectFrom('cohort_member')
			.select('user_id')
			.where('cohort_id', '=', actors.cohortA.id)
			.where('role', '=', 'participant')
			.orderBy('user_id')
			.execute()
	).map((r) => r.user_id);

const secondsOf = async (userId: string) =>
	(
		await db
			.selectFrom('attendance')
			.select('seconds')
			.where('activity_id', '=', activityId)
			.where('user_id', '=', userId)
			.executeTakeFirstOrThrow()
	).seconds;

const presencesOf = (userId: string) =>
	db
		.selectFrom('presence')
		.select(['participant_sid', 'joined_at', 'left_at'])
		.where('room_name', '=', roomName)
		.where('user_id', '=', userId)
		.orderBy('joined_at')
		.execute();

/** The reconciler's ticks every INTERVAL from `from` up to `to` (included), each finding `listed`. */
async function ticks(from: number, to: number, listed: Parameters<typeof livekitListing>[0]) {
	for (let at = from; at <= to; at += INTERVAL) await reconcilePresences(db, livekitListing(listed), at);
}

/**
 * How both late-"left" cases start: `who` joins a minute into the activity (t0) as PA_first and is seen at every
 * tick up to t0+90 s; the room's node dies at `kill` (t0+95 s), so the tick at t0+105 s gets no list and moves nothing.
 */
async function firstSessionOnANodeThatDies(who: string) {
	const t0 = NOW + 60 * S;
	const kill = t0 + 95 * S;
	await deliver('participant_joined', who, 'PA_first', t0);
	await ticks(t0 + 15 * S, t0 + 90 * S, [{ identity: who, sid: 'PA_first' }]);
	await ticks(t0 + 105 * S, t0 + 105 * S, 'node dead');
	return { t0, kill };
}

describe(`a LiveKit node dies under a live room, on ${process.env.TEST_DB}`, () => {
	it('a late "left" of the old session, after the new one joined, ends only the old one, at its last sighting', async () => {
		const who = (await participantsOfCohortA())[0];
		const { t0, kill } = await firstSessionOnANodeThatDies(who);
		// The page comes back through the other node as a new session, then the surviving node reports the old one.
		await deliver('participant_joined', who, 'PA_second', kill + 16 * S);
		await deliver('participant_left', who, 'PA_first', kill + 18 * S);
		await ticks(t0 + 120 * S, t0 + 165 * S, [{ identity: who, sid: 'PA_second' }]);
		await deliver('participant_left', who, 'PA_second', t0 + 171 * S);

		expect(await presencesOf(who)).toEqual([
			{ participant_sid: 'PA_first', joined_at: t0, left_at: t0 + 90 * S },
			{ participant_sid: 'PA_second', joined_at: kill + 16 * S, left_at: t0 + 171 * S }
		]);
		// Really there: [t0, kill] = 95 s and [kill+16 s, t0+171 s] = 60 s. Counted: up to the last sighting before
		// the kill (at most one interval before it), nothing of the outage, all of the new session.
		const seconds = await secondsOf(who);
		expect(seconds).toBe(90 + 60);
		expect(seconds).toBeGreaterThanOrEqual(95 + 60 - INTERVAL / S);
		expect(seconds).toBeLessThanOrEqual(95 + 60);
	});

	it('a late "left" that comes before the new session ends the old one at its last sighting', async () => {
		const who = (await participantsOfCohortA())[1];
		const { t0, kill } = await firstSessionOnANodeThatDies(who);
		await deliver('participant_left', who, 'PA_first', kill + 18 * S);
		await deliver('participant_joined', who, 'PA_second', kill + 20 * S);
		await ticks(t0 + 120 * S, t0 + 165 * S, [{ identity: who, sid: 'PA_second' }]);
		await deliver('participant_left', who, 'PA_second', kill + 80 * S);

		expect(await presencesOf(who)).toEqual([
			{ participant_sid: 'PA_first', joined_at: t0, left_at: t0 + 90 * S },
			{ participant_sid: 'PA_second', joined_at: kill + 20 * S, left_at: kill + 80 * S }
		]);
		expect(await secondsOf(who)).toBe(90 + 60);
	});

	it('a "left" while LiveKit vouches for the session is a real leave, counted to its time', async () => {
		const who = (await participantsOfCohortA())[2];
		const t0 = NOW + 60 * S;
		await deliver('participant_joined', who, 'PA_only', t0);
		await ticks(t0 + 15 * S, t0 + 15 * S, [{ identity: who, sid: 'PA_only' }]);
		// A tick that could not get the list, then one that did: the session is vouched for again.
		await ticks(t0 + 30 * S, t0 + 30 * S, 'node dead');
		await ticks(t0 + 45 * S, t0 + 45 * S, [{ identity: who, sid: 'PA_only' }]);
		await deliver('participant_left', who, 'PA_only', t0 + 57 * S);
		expect(await presencesOf(who)).toEqual([{ participant_sid: 'PA_only', joined_at: t0, left_at: t0 + 57 * S }]);
		expect(await secondsOf(who)).toBe(57);
	});

	it('the reconciler does not take a newer session for the old one: the old presence ends at its sighting', async () => {
		const who = (await participantsOfCohortA())[3];
		const t0 = NOW + 60 * S;
		await deliver('participant_joined', who, 'PA_first', t0);
		await ticks(t0 + 15 * S, t0 + 30 * S, [{ identity: who, sid: 'PA_first' }]);
		// The new session is listed before its "joined" webhook arrives.
		await ticks(t0 + 45 * S, t0 + 45 * S, [{ identity: who, sid: 'PA_second' }]);
		expect(await presencesOf(who)).toMatchObject([{ participant_sid: 'PA_first', left_at: t0 + 30 * S }]);
		await deliver('participant_joined', who, 'PA_second', t0 + 40 * S);
		await ticks(t0 + 60 * S, t0 + 90 * S, [{ identity: who, sid: 'PA_second' }]);
		expect(await presencesOf(who)).toEqual([
			{ participant_sid: 'PA_first', joined_at: t0, left_at: t0 + 30 * S },
			{ participant_sid: 'PA_second', joined_at: t0 + 40 * S, left_at: null }
		]);
		expect(await secondsOf(who)).toBe(30 + 50);
	});
});
