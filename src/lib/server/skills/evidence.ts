import type { Db } from '#lib/server/db/index.ts';
import { newId } from '#lib/server/db/ids.ts';
import type { SkillLevel } from '#lib/server/db/schema.ts';
import { inTransaction, markRollupsPendingOfUser } from '#lib/server/insights/rollups.ts';

/** What the app saw a person do, as recordObservedEvidence takes it. */
export interface ObservedEvidence {
	userId: string;
	skillId: string;
	level: SkillLevel;
	event: string;
	eventRef: string | null;
	at: number;
}

/**
 * Records that the app itself saw a person use a skill (source "observed"): the first time only for
 * a given skill, level and kind of event, so repeated events (every room join) do not pile up
 * evidence, while different proofs (a device check, then a camera published in a room) are each kept.
 */
export async function recordObservedEvidence(db: Db, input: ObservedEvidence): Promise<void> {
	await recordObservedEvidences(db, [input]);
}

/** recordObservedEvidence for many (everyone joining at once): one read, and writes only for first times. */
export async function recordObservedEvidences(db: Db, inputs: ObservedEvidence[]): Promise<void> {
	if (!inputs.length) return;
	const keyOf = (e: { user_id: string; skill_id: string; level: string; event: string | null }) =>
		`${e.user_id} ${e.skill_id} ${e.level} ${e.event}`;
	const rows = inputs.map((input) => ({
		id: newId(),
		user_id: input.userId,
		skill_id: input.skillId,
		level: input.level,
		source: 'observed' as const,
		event: input.event,
		event_ref: input.eventRef,
		recorded_by: null,
		at: input.at
	}));
	const already = await db
		.selectFrom('skill_evidence')
		.select(['user_id', 'skill_id', 'level', 'event'])
		.where('source', '=', 'observed')
		.where('user_id', 'in', [...new Set(rows.map((r) => r.user_id))])
		.where('skill_id', 'in', [...new Set(rows.map((r) => r.skill_id))])
		.where('event', 'in', [...new Set(rows.map((r) => r.event))])
		.execute();
	const seen = new Set(already.map(keyOf));
	const firsts = rows.filter((r) => !seen.has(keyOf(r)) && seen.add(keyOf(r)));
	if (!firsts.length) return;
	await inTransaction(db, async (trx) => {
		await trx.insertInto('skill_evidence').values(firsts).execute();
		// Everyone's first join at 9:30 comes at once: the director's figures catch up in the background.
		const users = new Map(firsts.map((r) => [r.user_id, r.at]));
		for (const [userId, at] of users) await markRollupsPendingOfUser(trx, userId, at);
	});
}
