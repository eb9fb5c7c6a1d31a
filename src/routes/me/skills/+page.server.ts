import { formAction, loadData, requireActor } from '#lib/server/http/route.ts';
import { declareSchema } from '#lib/server/skills/schemas.ts';
import { declareSkill, mySkills, myTimeZone } from '#lib/server/skills/skills.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const skills = await loadData(() => mySkills(event.locals.db, actor));
	return { skills, timeZone: await myTimeZone(event.locals.db, actor) };
};

export const actions: Actions = {
	declare: (event) =>
		formAction(
			event,
			declareSchema,
			'declare',
			({ skillId, level }, actor) => declareSkill(event.locals.db, actor, skillId, level),
			{ after: (_, { skillId }, form) => ({ form, saved: true, skillId }) }
		)
};
