import { act, invalid, loadData, requireActor } from '#lib/server/http/route.ts';
import { declareSchema } from '#lib/server/skills/schemas.ts';
import { declareSkill, mySkills, myTimeZone } from '#lib/server/skills/skills.ts';
import { parseForm } from '#lib/server/http/validation.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const skills = await loadData(() => mySkills(event.locals.db, actor));
	return { skills, timeZone: await myTimeZone(event.locals.db, actor) };
};

export const actions: Actions = {
	declare: async (event) => {
		const actor = requireActor(event);
		const parsed = parseForm(declareSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed, 'declare');
		const done = await act(
			() => declareSkill(event.locals.db, actor, parsed.data.skillId, parsed.data.level),
			parsed.values,
			'declare'
		);
		return done.ok ? { form: 'declare', saved: true, skillId: parsed.data.skillId } : done.failure;
	}
};
