// Background work with two app instances (issue 17, acceptance 3): two connection pools on one database, as
// two app processes hold, start the reminder and the LiveKit reconciliation loops at the same moment; each
// unit of work runs once, counted per instance.
import type { RoomServiceClient } from 'livekit-server-sdk';
import { afterAll, describe, expect, it } from 'vitest';
import type { Db } from '#lib/server/db/index.ts';
import { newId } from '#lib/server/db/ids.ts';
import { memberIds, useSeededTestDb, personJoined } from '#lib/server/db/test-fixtures.ts';
import type { DemoActors } from '#lib/server/seed/demo-actors.ts';
import { sendDueReminders } from '#lib/server/notifications/reminders.ts';
import { reconcilePresences } from '#lib/server/livekit/reconcile.ts';
import { activityRoomName } from '#lib/server/livekit/room-names.ts';
import { claimLease, releaseLease } from './lease.ts';
import { startJobLoop } from './loop.ts';

const NOW = Date.parse('2026-11-22T10:00:00Z');
const MINUTE = 60_000;

let db: Db;
let second: Db;
let actors: DemoActors;

useSeededTestDb(NOW, (seeded) => {
	({ db, actors } = seeded);
	second = seeded.openAgain();
});
afterAll(() => second.destroy());

describe('a job lease', () => {
	it('is held by one instance until it expires or is released', async () => {
		const ttl = 60_000;
		expect(await claimLease(db, 'test-a', 'A', ttl, NOW)).toBe(true);
		expect(await claimLease(second, 'test-a', 'B', ttl, NOW)).toBe(false);
		expect(await claimLease(db, 'test-a', 'A', ttl, NOW + 30_000)).toBe(true); // renewed to NOW + 90 s
		expect(await claimLease(second, 'test-a', 'B', ttl, NOW + 80_000)).toBe(false);
		// A died: once its lease expires, B takes over, and A (back) no longer holds it.
		expect(await claimLease(second, 'test-a', 'B', ttl, NOW + 90_000)).toBe(true);
		expect(await claimLease(db, 'test-a', 'A', ttl, NOW + 90_001)).toBe(false);
		// B stops cleanly: A need not wait.
		await releaseLease(second, 'test-a', 'B');
		expect(await claimLease(db, 'test-a', 'A', ttl, NOW + 90_002)).toBe(true);
		const row = await db.selectFrom('job_lease').selectAll().where('name', '=', 'test-a').executeTakeFirstOrThrow();
		expect({ holder: row.holder, runs: Number(row.runs) }).toEqual({ holder: 'A', runs: 4 });
	});

	it('is won by exactly one of many instances asking at the same moment', async () => {
		const wins = await Promise.all(
			Array.from({ length: 8 }, (_, i) => claimLease(i % 2 ? second : db, 'test-race', `I${i}`, 60_000, NOW))
		);
		expect(wins.filter(Boolean)).toHaveLength(1);
	});
});

describe('two app instances start the reminder and reconciliation loops at the same moment', () => {
	it('run each unit of work once', async () => {
		// A live activity starting in 10 minutes: its "a quarter of an hour before" reminder is due now.
		const activityId = newId();
		await db
			.insertInto('activity')
			.values({
				id: activityId,
				cohort_id: actors.cohortA.id,
				block_id: null,
				kind: 'live',
				title: 'Atelier CV (test des tâches de fond)',
				starts_at: NOW + 10 * MINUTE,
				duration_minutes: 60,
				objectives: '',
				optional: 0,
				room_name: null,
				cancelled_at: null,
				created_at: NOW,
				updated_at: NOW
			})
			.execute();
		// One person in the room, whom LiveKit lists on every pass: each pass asks LiveKit once.
		const roomName = activityRoomName(activityId);
		expect(await personJoined(db, roomName, actors.participantA.id, NOW, NOW)).toBe(true);

		const instances = [
			{ name: 'A', db, reminderRuns: 0, sent: 0, livekitCalls: 0 },
			{ name: 'B', db: second, reminderRuns: 0, sent: 0, livekitCalls: 0 }
		];
		const loops = instances.flatMap((instance) => {
			// Stands in for LiveKit's API and counts the calls: what is under test is the lease, not LiveKit.
			const rooms = {
				listParticipants: async (room: string) => {
					instance.livekitCalls++;
					return room === roomName ? [{ identity: actors.participantA.id, attributes: {} }] : [];
				}
			} as unknown as RoomServiceClient;
			return [
				{
					instance,
					name: 'notifier',
					stop: startJobLoop(instance.db, {
						name: 'notifier',
						everyMs: 25,
						runAtStart: true,
						holder: instance.name,
						run: async () => {
							instance.reminderRuns++;
							instance.sent += await sendDueReminders(instance.db, NOW);
						}
					})
				},
				{
					instance,
					name: 'livekit-reconcile',
					stop: startJobLoop(instance.db, {
						name: 'livekit-reconcile',
						everyMs: 25,
						runAtStart: true,
						holder: instance.name,
						run: () => reconcilePresences(instance.db, rooms, NOW)
					})
				}
			];
		});
		const runsOf = async (name: string) =>
			Number((await db.selectFrom('job_lease').select('runs').where('name', '=', name).executeTakeFirst())?.runs ?? 0);
		await expect.poll(() => runsOf('notifier'), { timeout: 10_000 }).toBeGreaterThanOrEqual(6);
		await expect.poll(() => runsOf('livekit-reconcile'), { timeout: 10_000 }).toBeGreaterThanOrEqual(6);
		// A holder that stops releases its lease, and another instance takes over at once (by design): stop the
		// loops that do not hold their lease first, so that none of them starts a tick after the holder's release.
		const holders = new Map(
			(await db.selectFrom('job_lease').select(['name', 'holder']).execute()).map((l) => [l.name, l.holder])
		);
		const holds = (l: (typeof loops)[number]) => holders.get(l.name) === l.instance.name;
		await Promise.all(loops.filter((l) => !holds(l)).map((l) => l.stop()));
		await Promise.all(loops.filter(holds).map((l) => l.stop()));

		// Every tick ran on one instance only, and the lease counted each one.
		const [a, b] = instances;
		expect([a.reminderRuns, b.reminderRuns].filter((n) => n > 0)).toHaveLength(1);
		expect(a.reminderRuns + b.reminderRuns).toBe(await runsOf('notifier'));
		expect([a.livekitCalls, b.livekitCalls].filter((n) => n > 0)).toHaveLength(1);
		expect(a.livekitCalls + b.livekitCalls).toBe(await runsOf('livekit-reconcile'));
		// Each participant got the reminder once.
		const reminders = await db
			.selectFrom('notification')
			.select(['user_id', 'kind'])
			.where('kind', '=', 'reminder_soon')
			.where('href', '=', `/rooms/${activityId}`)
			.execute();
		const participants = await memberIds(db, actors.cohortA.id, 'participant');
		expect(reminders.map((r) => r.user_id).sort()).toEqual(participants);
		expect(a.sent + b.sent).toBe(participants.length);
	});
});
