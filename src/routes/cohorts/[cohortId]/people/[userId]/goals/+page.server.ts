import { createGoal, personGoals, updateGoal } from '#lib/server/goals/goals.ts';
import { goalSchema, goalUpdateSchema } from '#lib/server/goals/schemas.ts';
import { organisationTimeZone } from '#lib/server/cohorts/cohorts.ts';
import { act, invalid, loadData, requireActor } from '#lib/server/http/route.ts';
import { parseForm } from '#lib/server/http/validation.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return loadData(async () => ({
		...(await personGoals(event.locals.db, actor, event.params.cohortId, event.params.userId)),
		timeZone: await organisationTimeZone(event.locals.db, actor.organisation_id)
	}));
};

export const actions: Actions = {
	createGoal: async (event) => {
		const actor = requireActor(event);
		const parsed = parseForm(goalSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed, 'goal');
		const done = await act(
			() => createGoal(event.locals.db, actor, event.params.cohortId, event.params.userId, parsed.data),
			parsed.values,
			'goal'
		);
		return done.ok ? { form: 'goal', saved: true } : done.failure;
	},
	updateGoal: async (event) => {
		const actor = requireActor(event);
		const data = await event.request.formData();
		const formId = `g-${String(data.get('goalId') ?? '')}`;
		const parsed = parseForm(goalUpdateSchema, data);
		if (!parsed.ok) return invalid(parsed, formId);
		const { goalId, ...input } = parsed.data;
		const done = await act(
			() => updateGoal(event.locals.db, actor, event.params.cohortId, event.params.userId, goalId, input),
			parsed.values,
			formId
		);
		return done.ok ? { form: formId, saved: true } : done.failure;
	}
};
