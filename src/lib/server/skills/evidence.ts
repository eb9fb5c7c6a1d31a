import type { Db } from '#lib/server/db/index.ts';
import { newId } from '#lib/server/db/ids.ts';
import type { SkillLevel } from '#lib/server/db/schema.ts';
import { inTransaction, markRollupsPendingOfUser } from '#lib/server/insights/rollups.ts';

/**
 * Records that the app itself saw a person use a skill (source "observed"): the first time only for
 * a given skill, level and kind of event, so repeated events (every room join) do not pile up
 * evidence, while different proofs (a device check, then a camera published in a room) are each kept.
 */
export async function recordObservedEvidence(
	db: Db,
	input: { userId: string; skillId: string; level: SkillLevel; event: string; eventRef: string | null; at: number }
): Promise<void> {
	const already = await db
		.selectFrom('skill_evidence')
		.select('id')
		.where('user_id', '=', input.userId)
		.where('skill_id', '=', input.skillId)
		.where('source', '=', 'observed')
		.where('level', '=', input.level)
		.where('event', '=', input.event)
		.executeTakeFirst();
	if (already) return;
	await inTransaction(db, async (trx) => {
		await trx
			.insertInto('skill_evidence')
			.values({
				id: newId(),
				user_id: input.userId,
				skill_id: input.skillId,
				level: input.level,
				source: 'observed',
				event: input.event,
				event_ref: input.eventRef,
				recorded_by: null,
				at: input.at
			})
			.execute();
		// Everyone's first join at 9:30 comes at once: the director's figures catch up in the background.
		await markRollupsPendingOfUser(trx, input.userId, input.at);
	});
}
