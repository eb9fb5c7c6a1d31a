import type { Db } from '#lib/server/db/index.ts';
import { newId } from '#lib/server/db/ids.ts';
import { DomainError, notFound } from '#lib/server/http/errors.ts';
import { requireFacilitatedParticipant, requireParticipant, type Actor } from '#lib/server/auth/policy.ts';
import type { PersonDataSection } from '#lib/server/privacy/person-data.ts';
import { myParticipantCohorts, organisationTimeZone } from '#lib/server/cohorts/cohorts.ts';
import { AUTONOMY_DIMENSIONS, AUTONOMY_STAGES, isDimension, type AutonomyDimension } from '#lib/autonomy/ladder.ts';
import { distanceTravelled } from '#lib/autonomy/distance.ts';
import type { AssessmentInput, Levels, ObservationInput } from './schemas.ts';
import { clock } from '#lib/server/clock.ts';
import { refreshRollup } from '#lib/server/insights/rollups.ts';

/** Every assessment of a person in a cohort, in stage order, with a level pair per dimension. */
async function assessmentsOf(db: Db, cohortId: string, personId: string) {
	const rows = await db
		.selectFrom('autonomy_assessment')
		.innerJoin('user', 'user.id', 'autonomy_assessment.facilitator_id')
		.select([
			'autonomy_assessment.id',
			'autonomy_assessment.stage',
			'autonomy_assessment.day',
			'autonomy_assessment.note',
			'autonomy_assessment.updated_at',
			'user.first_name as facilitatorName'
		])
		.where('autonomy_assessment.cohort_id', '=', cohortId)
		.where('autonomy_assessment.person_id', '=', personId)
		.execute();
	const scores = rows.length
		? await db
				.selectFrom('autonomy_score')
				.select(['assessment_id', 'dimension', 'facilitator_level', 'self_level'])
				.where(
					'assessment_id',
					'in',
					rows.map((r) => r.id)
				)
				.execute()
		: [];
	return rows
		.sort((a, b) => AUTONOMY_STAGES.indexOf(a.stage) - AUTONOMY_STAGES.indexOf(b.stage))
		.map((row) => {
			const levels: Partial<Record<AutonomyDimension, { facilitator: number | null; self: number | null }>> = {};
			for (const s of scores)
				if (s.assessment_id === row.id && isDimension(s.dimension))
					levels[s.dimension] = { facilitator: s.facilitator_level, self: s.self_level };
			return { ...row, levels };
		});
}

async function observationsOf(db: Db, cohortId: string, personId: string) {
	return db
		.selectFrom('autonomy_observation')
		.innerJoin('user', 'user.id', 'autonomy_observation.observer_id')
		.select([
			'autonomy_observation.id',
			'autonomy_observation.dimension',
			'autonomy_observation.note',
			'autonomy_observation.observed_at',
			'user.first_name as observerName'
		])
		.where('autonomy_observation.cohort_id', '=', cohortId)
		.where('autonomy_observation.person_id', '=', personId)
		.orderBy('autonomy_observation.observed_at', 'desc')
		.orderBy('autonomy_observation.id')
		.execute();
}

/** A person's autonomy ladder as the cohort's facilitators see it: assessments, journeys, observations. */
export async function personAutonomy(db: Db, actor: Actor, cohortId: string, personId: string) {
	const { cohort, person } = await requireFacilitatedParticipant(db, actor, cohortId, personId);
	const assessments = await assessmentsOf(db, cohortId, personId);
	return {
		cohort: { id: cohort.id, name: cohort.name },
		person: { id: person.id, firstName: person.first_name, lastName: person.last_name },
		timeZone: await organisationTimeZone(db, cohort.organisation_id),
		assessments,
		journeys: distanceTravelled(assessments),
		observations: await observationsOf(db, cohortId, personId)
	};
}

/** The participant's own ladder, per cohort they belong to: what the facilitators recorded and their own view. */
export async function myAutonomy(db: Db, actor: Actor) {
	const cohorts = await myParticipantCohorts(db, actor);
	return Promise.all(
		cohorts.map(async (cohort) => {
			const assessments = await assessmentsOf(db, cohort.id, actor.id);
			const waiting = assessments.filter((a) => !Object.values(a.levels).some((l) => l?.self != null));
			return {
				cohort: { id: cohort.id, name: cohort.name },
				assessments,
				timeZone: cohort.time_zone,
				// The latest assessment still waiting for the person's own view opens first.
				openId: waiting.at(-1)?.id ?? null,
				journeys: distanceTravelled(assessments),
				observations: await observationsOf(db, cohort.id, actor.id)
			};
		})
	);
}

/**
 * Records the assessment of one stage (a facilitator of the cohort). A stage already recorded is
 * edited: the facilitator's levels and note change, the person's own view stays as they gave it.
 */
export async function saveAssessment(
	db: Db,
	actor: Actor,
	cohortId: string,
	personId: string,
	input: AssessmentInput,
	now = clock.now()
): Promise<string> {
	await requireFacilitatedParticipant(db, actor, cohortId, personId);
	if (!AUTONOMY_DIMENSIONS.some((d) => input.levels[d] != null))
		throw new DomainError(400, 'autonomy_need_one_level', 'no level given');
	return db.transaction().execute(async (trx) => {
		const existing = await trx
			.selectFrom('autonomy_assessment')
			.select('id')
			.where('cohort_id', '=', cohortId)
			.where('person_id', '=', personId)
			.where('stage', '=', input.stage)
			.executeTakeFirst();
		const id = existing?.id ?? newId();
		if (existing) {
			await trx
				.updateTable('autonomy_assessment')
				.set({ day: input.day, note: input.note, facilitator_id: actor.id, updated_at: now })
				.where('id', '=', id)
				.execute();
		} else {
			await trx
				.insertInto('autonomy_assessment')
				.values({
					id,
					cohort_id: cohortId,
					person_id: personId,
					stage: input.stage,
					day: input.day,
					facilitator_id: actor.id,
					note: input.note,
					created_at: now,
					updated_at: now
				})
				.execute();
		}
		for (const dimension of AUTONOMY_DIMENSIONS) {
			const level = input.levels[dimension] ?? null;
			await trx
				.insertInto('autonomy_score')
				.values({ assessment_id: id, dimension, facilitator_level: level, self_level: null, self_at: null })
				.onConflict((oc) => oc.columns(['assessment_id', 'dimension']).doUpdateSet({ facilitator_level: level }))
				.execute();
		}
		await refreshRollup(trx, cohortId, now, personId);
		return id;
	});
}

/** What a person sends about an assessment: their own levels; anything else they try to change is refused. */
export interface OwnViewChanges {
	self: Levels;
	/** Levels of the facilitator's side: never the person's to write (a forged form, refused). */
	facilitator?: Levels;
	note?: string;
}

/** The person gives (or changes) their own view beside the facilitator's levels, on their own assessment only. */
export async function giveOwnView(
	db: Db,
	actor: Actor,
	assessmentId: string,
	changes: OwnViewChanges,
	now = clock.now()
): Promise<void> {
	requireParticipant(actor);
	const assessment = await db
		.selectFrom('autonomy_assessment')
		.select(['id', 'person_id'])
		.where('id', '=', assessmentId)
		.executeTakeFirst();
	// Someone else's assessment is as unknown as a missing one.
	if (!assessment || assessment.person_id !== actor.id) throw notFound(`assessment ${assessmentId} for ${actor.id}`);
	if (changes.note !== undefined || Object.keys(changes.facilitator ?? {}).length) {
		throw new DomainError(
			403,
			'autonomy_only_own_view',
			`person ${actor.id} tried to change the facilitator's side of ${assessmentId}`
		);
	}
	await db.transaction().execute(async (trx) => {
		for (const dimension of AUTONOMY_DIMENSIONS) {
			const level = changes.self[dimension] ?? null;
			await trx
				.insertInto('autonomy_score')
				.values({
					assessment_id: assessmentId,
					dimension,
					facilitator_level: null,
					self_level: level,
					self_at: level === null ? null : now
				})
				.onConflict((oc) =>
					oc
						.columns(['assessment_id', 'dimension'])
						.doUpdateSet({ self_level: level, self_at: level === null ? null : now })
				)
				.execute();
		}
	});
}

/** A quick observation during a task ("a rempli seul son dossier"), by a facilitator of the cohort. */
export async function recordObservation(
	db: Db,
	actor: Actor,
	cohortId: string,
	personId: string,
	input: ObservationInput,
	now = clock.now()
): Promise<string> {
	await requireFacilitatedParticipant(db, actor, cohortId, personId);
	const id = newId();
	await db
		.insertInto('autonomy_observation')
		.values({
			id,
			cohort_id: cohortId,
			person_id: personId,
			dimension: input.dimension,
			note: input.note,
			observed_at: now,
			observer_id: actor.id
		})
		.execute();
	return id;
}

/** Assessments keep their levels (cohort aggregates); the free text written about the person goes. */
export const autonomyPersonData: PersonDataSection = {
	key: 'autonomy',
	collect: async (db, userId) => {
		const assessments = await db
			.selectFrom('autonomy_assessment')
			.select(['id', 'cohort_id', 'stage', 'day', 'note', 'created_at', 'updated_at'])
			.where('person_id', '=', userId)
			.orderBy('created_at')
			.execute();
		const scores = assessments.length
			? await db
					.selectFrom('autonomy_score')
					.select(['assessment_id', 'dimension', 'facilitator_level', 'self_level', 'self_at'])
					.where(
						'assessment_id',
						'in',
						assessments.map((a) => a.id)
					)
					.orderBy('assessment_id')
					.orderBy('dimension')
					.execute()
			: [];
		const observations = await db
			.selectFrom('autonomy_observation')
			.select(['cohort_id', 'dimension', 'note', 'observed_at'])
			.where('person_id', '=', userId)
			.orderBy('observed_at')
			.execute();
		return {
			assessments: assessments.map((a) => ({ ...a, scores: scores.filter((s) => s.assessment_id === a.id) })),
			observations
		};
	},
	erase: async (trx, userId) => {
		await trx.updateTable('autonomy_assessment').set({ note: '' }).where('person_id', '=', userId).execute();
		await trx.updateTable('autonomy_observation').set({ note: '' }).where('person_id', '=', userId).execute();
	}
};
