import type { Db } from '#lib/server/db/index.ts';
import { newId } from '#lib/server/db/ids.ts';
import { addDays } from '#lib/server/cohorts/local-time.ts';
import { AUTONOMY_DIMENSIONS } from '#lib/autonomy/ladder.ts';
import { DEMO_COHORTS } from './demo.ts';

type Ladder = [intake: number, mid: number, end: number];
/** Last year's journeys, by first name: facilitator levels per dimension, in AUTONOMY_DIMENSIONS order. */
const JOURNEYS: Record<
	string,
	{ levels: Ladder[]; self: number[]; notes: [string, string, string]; observation: [string, string] }
> = {
	yasmina: {
		levels: [
			[2, 3, 4],
			[1, 3, 4],
			[1, 2, 4],
			[3, 3, 4],
			[2, 3, 3],
			[1, 2, 4]
		],
		self: [2, 2, 1, 3, 3, 2],
		notes: [
			'Arrive avec beaucoup d’envie ; les papiers lui font peur.',
			'A pris confiance en visio ; fait ses démarches CAF avec un peu d’aide.',
			'Autonome sur ses candidatures ; aide Dylan pour son espace candidat.'
		],
		observation: ['paperwork', 'A rempli seule son dossier de renouvellement CAF.']
	},
	olivier: {
		levels: [
			[3, 3, 4],
			[2, 2, 3],
			[3, 4, 5],
			[4, 4, 4],
			[2, 2, 3],
			[2, 3, 3]
		],
		self: [3, 3, 4, 4, 3, 2],
		notes: [
			'Bon niveau numérique ; a du mal avec les rendez-vous.',
			'Vient à l’heure depuis deux semaines.',
			'Montre aux autres comment partager son écran.'
		],
		observation: ['digital', 'A expliqué au groupe comment joindre un fichier à un mail.']
	}
};

/** Three assessments (intake, mid, end) for two of last year's participants, so their ladder shows a journey. */
export async function seedDemoAutonomy(db: Db, facilitatorId: string, now: number): Promise<void> {
	const cohort = await db
		.selectFrom('cohort')
		.select(['id', 'start_date', 'end_date'])
		.where('code', '=', DEMO_COHORTS.lastYear.code)
		.executeTakeFirstOrThrow();
	const days = [cohort.start_date, addDays(cohort.start_date, 12), cohort.end_date] as const;
	const stages = ['intake', 'mid', 'end'] as const;
	for (const [nameKey, journey] of Object.entries(JOURNEYS)) {
		const member = await db
			.selectFrom('cohort_member')
			.select('user_id')
			.where('cohort_id', '=', cohort.id)
			.where('name_key', '=', nameKey)
			.executeTakeFirstOrThrow();
		for (const [i, stage] of stages.entries()) {
			const id = newId();
			const at = Math.min(Date.parse(`${days[i]}T12:00:00Z`), now);
			await db
				.insertInto('autonomy_assessment')
				.values({
					id,
					cohort_id: cohort.id,
					person_id: member.user_id,
					stage,
					day: days[i],
					facilitator_id: facilitatorId,
					note: journey.notes[i],
					created_at: at,
					updated_at: at
				})
				.execute();
			await db
				.insertInto('autonomy_score')
				.values(
					AUTONOMY_DIMENSIONS.map((dimension, d) => ({
						assessment_id: id,
						dimension,
						facilitator_level: journey.levels[d][i],
						// The person gave their own view at intake only.
						self_level: stage === 'intake' ? journey.self[d] : null,
						self_at: stage === 'intake' ? at : null
					}))
				)
				.execute();
		}
		await db
			.insertInto('autonomy_observation')
			.values({
				id: newId(),
				cohort_id: cohort.id,
				person_id: member.user_id,
				dimension: journey.observation[0],
				note: journey.observation[1],
				observed_at: Math.min(Date.parse(`${addDays(cohort.start_date, 16)}T10:30:00Z`), now),
				observer_id: facilitatorId
			})
			.execute();
	}
}
