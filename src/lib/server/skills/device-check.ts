import type { Db } from '#lib/server/db/index.ts';
import { newId } from '#lib/server/db/ids.ts';
import { requireMemberRole, type Actor } from '#lib/server/auth/policy.ts';
import { recordObservedEvidence } from './evidence.ts';
import { clock } from '#lib/server/clock.ts';
import { refreshRollupsOfUser } from '#lib/server/insights/rollups.ts';

export interface DeviceCheckInput {
	result: 'ok' | 'help';
	camera: boolean;
	microphone: boolean;
	speaker: boolean;
}

export async function hasDoneDeviceCheck(db: Db, userId: string): Promise<boolean> {
	return !!(await db.selectFrom('device_check').select('id').where('user_id', '=', userId).executeTakeFirst());
}

/**
 * The device check before a first room: what the page saw working is kept, and a camera and
 * microphone that both worked are evidence of the "camera and microphone" skill — autonomous when
 * the person said it works, "with help" when they asked for help.
 */
export async function recordDeviceCheck(
	db: Db,
	actor: Actor,
	input: DeviceCheckInput,
	now = clock.now()
): Promise<void> {
	requireMemberRole(actor);
	await db.transaction().execute(async (trx) => {
		const id = newId();
		await trx
			.insertInto('device_check')
			.values({
				id,
				user_id: actor.id,
				result: input.result,
				camera: input.camera ? 1 : 0,
				microphone: input.microphone ? 1 : 0,
				speaker: input.speaker ? 1 : 0,
				at: now
			})
			.execute();
		if (input.camera && input.microphone) {
			await recordObservedEvidence(trx, {
				userId: actor.id,
				skillId: 'camera_mic_toggle',
				level: input.result === 'ok' ? 'autonomous' : 'with_help',
				event: 'device_check',
				eventRef: id,
				at: now
			});
		}
		await refreshRollupsOfUser(trx, actor.id, now);
	});
}
