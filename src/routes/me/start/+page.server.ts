import { act, invalid, loadData, requireActor } from '#lib/server/http/route.ts';
import { onboardingAnswerSchema } from '#lib/server/skills/schemas.ts';
import { declareSkill, onboardingPath, recordAppInstalled } from '#lib/server/skills/skills.ts';
import { parseForm } from '#lib/server/http/validation.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return loadData(() => onboardingPath(event.locals.db, actor));
};

export const actions: Actions = {
	answer: async (event) => {
		const actor = requireActor(event);
		const parsed = parseForm(onboardingAnswerSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed, 'answer');
		const done = await act(
			() => declareSkill(event.locals.db, actor, parsed.data.skillId, parsed.data.level),
			parsed.values,
			'answer'
		);
		return done.ok ? { form: 'answer', saved: true, skillId: parsed.data.skillId } : done.failure;
	},
	/** Sent by a page opened from the home screen (see src/routes/me/+page.svelte). */
	installed: async (event) => {
		const actor = requireActor(event);
		const done = await act(() => recordAppInstalled(event.locals.db, actor));
		return done.ok ? { form: 'installed', saved: true } : done.failure;
	}
};
