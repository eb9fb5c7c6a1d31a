import { formAction, loadData, requireActor } from '#lib/server/http/route.ts';
import { overrideSchema } from '#lib/server/skills/schemas.ts';
import { overrideSkill, participantSkills } from '#lib/server/skills/skills.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return loadData(() => participantSkills(event.locals.db, actor, event.params.cohortId, event.params.userId));
};

export const actions: Actions = {
	override: (event) =>
		formAction(event, overrideSchema, 'override', (input, actor) =>
			overrideSkill(event.locals.db, actor, event.params.cohortId, event.params.userId, input)
		)
};
