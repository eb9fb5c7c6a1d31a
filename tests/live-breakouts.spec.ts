/**
 * Issue 3 — breakouts and faults, on a real LiveKit server with real browsers:
 * 5. three participants connected; the facilitator splits them into 2 rooms and brings them back;
 *    each ends up in the right room (the page, our database and LiveKit itself agree);
 * 6. LiveKit is killed mid-session and restarted: the pages say they are reconnecting, come back
 *    into the room by themselves, and the time LiveKit was down is not counted as presence.
 */
import { RoomServiceClient } from 'livekit-server-sdk';
import { expect, test } from '@playwright/test';
import { e2eServer } from './e2e-server';
import { ALONE, t } from './helpers';
import {
	attendanceRow,
	buildLiveClub,
	closeClub,
	e2eDb,
	enterRoom,
	livekitServer,
	presences,
	type LiveClub
} from './live-helpers';

test.describe.configure({ mode: 'serial' });

const rooms = () =>
	new RoomServiceClient(`http://127.0.0.1:${e2eServer().livekitPort}`, 'devkey', livekitServer.secret());
const identitiesIn = async (room: string) => (await rooms().listParticipants(room)).map((p) => p.identity).sort();

test('the facilitator splits three participants into two breakout rooms and brings everyone back', async ({
	browser
}) => {
	test.setTimeout(240_000);
	let club: LiveClub | undefined;
	try {
		club = await buildLiveClub(browser, 3);
		const main = `activity-${club.activityId}`;
		// Participants join in audio-only mode: three fake cameras more would only load the machine.
		await enterRoom(club.facilitator.page, club.activityId);
		for (const p of club.participants) await enterRoom(p.page, club.activityId, { audioOnly: true });
		await expect.poll(() => identitiesIn(main), { timeout: 20_000 }).toHaveLength(4);

		await test.step('split into 2 groups', async () => {
			await club!.facilitator.page.getByLabel(t('room_breakout_count')).selectOption('2');
			await club!.facilitator.page.getByRole('button', { name: t('room_breakout_split') }).click();
			const readGroups = () => {
				const db = e2eDb();
				try {
					return db
						.prepare('select user_id, group_number, room_name from breakout where activity_id = ?')
						.all(club!.activityId) as { user_id: string; group_number: number; room_name: string }[];
				} finally {
					db.close();
				}
			};
			await expect.poll(() => readGroups().length, { timeout: 15_000 }).toBe(3);
			const groups = readGroups();
			expect(new Set(groups.map((g) => g.group_number))).toEqual(new Set([1, 2]));
			for (const p of club!.participants) {
				const group = groups.find((g) => g.user_id === p.id)!;
				expect(group, `${p.name} has a group`).toBeTruthy();
				await expect(
					p.page.locator('.live-room'),
					`${p.name}'s page moved to group ${group.group_number}`
				).toHaveAttribute('data-room-name', group.room_name, { timeout: 20_000 });
				await expect(p.page.locator('.live-room')).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
				await expect(p.page.locator('[data-breakout]')).toHaveAttribute('data-breakout', String(group.group_number));
			}
			// LiveKit agrees: each group room holds exactly its members, the main room only the facilitator.
			for (const room of new Set(groups.map((g) => g.room_name))) {
				const members = groups
					.filter((g) => g.room_name === room)
					.map((g) => g.user_id)
					.sort();
				await expect.poll(() => identitiesIn(room), { timeout: 20_000 }).toEqual(members);
			}
			await expect.poll(() => identitiesIn(main), { timeout: 20_000 }).toHaveLength(1);
		});

		await test.step('bring everyone back', async () => {
			await club!.facilitator.page.getByRole('button', { name: t('room_breakout_gather') }).click();
			for (const p of club!.participants) {
				await expect(p.page.locator('.live-room'), `${p.name} is back in the main room`).toHaveAttribute(
					'data-room-name',
					main,
					{ timeout: 20_000 }
				);
				await expect(p.page.locator('.live-room')).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
				await expect(p.page.locator('[data-breakout]')).toHaveCount(0);
			}
			await expect.poll(() => identitiesIn(main), { timeout: 20_000 }).toHaveLength(4);
		});
	} finally {
		if (club) await closeClub(club);
	}
});

test(
	'LiveKit killed mid-session and restarted: the pages reconnect by themselves and the gap is not counted',
	ALONE,
	async ({ browser }) => {
		test.setTimeout(240_000);
		let club: LiveClub | undefined;
		try {
			club = await buildLiveClub(browser, 1, { phones: true });
			const [participant] = club.participants;
			const pages = [club.facilitator.page, participant.page];
			await enterRoom(club.facilitator.page, club.activityId);
			await enterRoom(participant.page, club.activityId, { audioOnly: true });
			await expect.poll(() => presences(club!.activityId, participant.id).length, { timeout: 15_000 }).toBe(1);
			const joinedAt = Date.now();
			await participant.page.waitForTimeout(5_000);

			const downAt = Date.now();
			livekitServer.kill();
			for (const page of pages) {
				await expect(page.locator('.live-room'), 'the page says it is reconnecting').toHaveAttribute(
					'data-state',
					'reconnecting',
					{ timeout: 20_000 }
				);
				await expect(page.getByTestId('room-connection')).toContainText(t('room_status_reconnecting'));
			}
			await participant.page.waitForTimeout(12_000);
			const restarted = livekitServer.restart();
			const upAt = Date.now();
			await restarted;
			for (const page of pages) {
				await expect(page.locator('.live-room'), 'back in the room by itself').toHaveAttribute(
					'data-state',
					'connected',
					{ timeout: 60_000 }
				);
				await expect(page.locator('.live-room')).toHaveAttribute('data-room-name', `activity-${club.activityId}`);
			}
			// Both see each other again.
			await expect(club.facilitator.page.locator(`[data-identity="${participant.id}"]`)).toHaveCount(1, {
				timeout: 20_000
			});
			await expect.poll(() => presences(club!.activityId, participant.id).length, { timeout: 20_000 }).toBe(2);
			await participant.page.waitForTimeout(5_000);
			await participant.page.getByRole('button', { name: t('room_leave') }).click();
			const leftAt = Date.now();
			await expect
				.poll(() => presences(club!.activityId, participant.id).every((p) => p.left_at !== null), { timeout: 15_000 })
				.toBe(true);

			const seconds = attendanceRow(club.activityId, participant.id)?.seconds ?? 0;
			const wall = (leftAt - joinedAt) / 1000;
			const gap = (upAt - downAt) / 1000;
			// Present before the kill (≥ 5 s) and after the return (≥ 5 s); the gap (≥ 12 s) is not in it.
			expect(
				seconds,
				`${seconds} s stored for ${wall.toFixed(1)} s in all with a ${gap.toFixed(1)} s outage`
			).toBeGreaterThanOrEqual(8);
			expect(seconds).toBeLessThanOrEqual(wall - gap + 3);
			const [first, second] = presences(club.activityId, participant.id);
			expect(first.left_at!, 'the first presence ends by the time LiveKit died').toBeLessThanOrEqual(downAt + 1000);
			expect(second.joined_at, 'the second begins after it came back').toBeGreaterThanOrEqual(upAt - 1000);
		} finally {
			if (club) await closeClub(club);
		}
	}
);
