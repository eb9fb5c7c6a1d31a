import { addOwnStep, markOwnStepAchieved, myGoals } from '#lib/server/goals/goals.ts';
import { goalIdSchema, ownStepSchema } from '#lib/server/goals/schemas.ts';
import { formAction, loadData, requireActor } from '#lib/server/http/route.ts';
import { myInformalMinutes } from '#lib/server/moments/moments.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return loadData(async () => ({
		...(await myGoals(event.locals.db, actor)),
		informalMinutes: await myInformalMinutes(event.locals.db, actor)
	}));
};

export const actions: Actions = {
	addStep: (event) =>
		formAction(event, ownStepSchema, 'step', (input, actor) => addOwnStep(event.locals.db, actor, input)),
	markDone: (event) =>
		formAction(event, goalIdSchema, 'done', (input, actor) => markOwnStepAchieved(event.locals.db, actor, input.goalId))
};
