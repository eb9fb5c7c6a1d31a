import { redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { formAction, loadData, requireActor } from '#lib/server/http/route.ts';
import { answerMyCheckpoint, myOutcomes } from '#lib/server/outcomes/outcomes.ts';
import { checkpointAnswerSchema } from '#lib/server/outcomes/schemas.ts';
import { id } from '#lib/server/http/validation.ts';
import type { Actions, PageServerLoad } from './$types';
import { clock } from '#lib/server/clock.ts';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return loadData(async () => {
		const cohorts = await myOutcomes(event.locals.db, actor, clock.now());
		const params = event.url.searchParams;
		// What to ask: the checkpoint named in the address ("change my answer"), else the first open
		// follow-up still without the person's word.
		const open = cohorts.flatMap((c) =>
			c.checkpoints.filter((p) => p.answerable).map((p) => ({ cohortId: c.cohort.id, ...p }))
		);
		const asked =
			open.find((p) => p.cohortId === params.get('cohort') && p.checkpoint === params.get('ask')) ??
			open.find((p) => p.checkpoint !== 'exit' && (!p.record || p.record.situation === 'no_news')) ??
			null;
		return {
			cohorts,
			asked: asked && { cohortId: asked.cohortId, checkpoint: asked.checkpoint },
			job: params.get('job') === '1',
			thanks: params.has('saved')
		};
	});
};

const answerSchema = v.object({ ...checkpointAnswerSchema.entries, cohortId: id });

export const actions: Actions = {
	answer: (event) =>
		formAction(
			event,
			answerSchema,
			'answer',
			({ cohortId, ...input }, actor) => answerMyCheckpoint(event.locals.db, actor, cohortId, input),
			{ after: () => redirect(303, '/me/outcomes?saved=1') }
		)
};
