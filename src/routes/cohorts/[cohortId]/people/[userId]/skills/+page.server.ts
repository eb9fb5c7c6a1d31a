import { act, invalid, loadData, requireActor } from '#lib/server/http/route.ts';
import { overrideSchema } from '#lib/server/skills/schemas.ts';
import { overrideSkill, participantSkills } from '#lib/server/skills/skills.ts';
import { parseForm } from '#lib/server/http/validation.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return loadData(() => participantSkills(event.locals.db, actor, event.params.cohortId, event.params.userId));
};

export const actions: Actions = {
	override: async (event) => {
		const actor = requireActor(event);
		const parsed = parseForm(overrideSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed, 'override');
		const done = await act(
			() => overrideSkill(event.locals.db, actor, event.params.cohortId, event.params.userId, parsed.data),
			parsed.values,
			'override'
		);
		return done.ok ? { form: 'override', saved: true } : done.failure;
	}
};
