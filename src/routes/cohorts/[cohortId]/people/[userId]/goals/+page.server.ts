import { createGoal, personGoals, updateGoal } from '#lib/server/goals/goals.ts';
import { goalSchema, goalUpdateSchema } from '#lib/server/goals/schemas.ts';
import { organisationTimeZone } from '#lib/server/cohorts/cohorts.ts';
import { formAction, loadData, requireActor } from '#lib/server/http/route.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return loadData(async () => ({
		...(await personGoals(event.locals.db, actor, event.params.cohortId, event.params.userId)),
		timeZone: await organisationTimeZone(event.locals.db, actor.organisation_id)
	}));
};

export const actions: Actions = {
	createGoal: (event) =>
		formAction(event, goalSchema, 'goal', (input, actor) =>
			createGoal(event.locals.db, actor, event.params.cohortId, event.params.userId, input)
		),
	updateGoal: (event) =>
		formAction(
			event,
			goalUpdateSchema,
			(values) => `g-${String(values.goalId ?? '')}`,
			({ goalId, ...input }, actor) =>
				updateGoal(event.locals.db, actor, event.params.cohortId, event.params.userId, goalId, input)
		)
};
