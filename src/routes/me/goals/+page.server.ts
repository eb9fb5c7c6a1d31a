import { addOwnStep, markOwnStepAchieved, myGoals } from '#lib/server/goals/goals.ts';
import { goalIdSchema, ownStepSchema } from '#lib/server/goals/schemas.ts';
import { act, invalid, load as domainLoad, requireActor } from '#lib/server/http.ts';
import { myInformalMinutes } from '#lib/server/moments/moments.ts';
import { parseForm } from '#lib/server/validation.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return domainLoad(async () => ({
		...(await myGoals(event.locals.db, actor)),
		informalMinutes: await myInformalMinutes(event.locals.db, actor)
	}));
};

export const actions: Actions = {
	addStep: async (event) => {
		const actor = requireActor(event);
		const parsed = parseForm(ownStepSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed, 'step');
		const done = await act(() => addOwnStep(event.locals.db, actor, parsed.data), parsed.values, 'step');
		return done.ok ? { form: 'step', saved: true } : done.failure;
	},
	markDone: async (event) => {
		const actor = requireActor(event);
		const parsed = parseForm(goalIdSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed, 'done');
		const done = await act(
			() => markOwnStepAchieved(event.locals.db, actor, parsed.data.goalId),
			parsed.values,
			'done'
		);
		return done.ok ? { form: 'done', saved: true } : done.failure;
	}
};
