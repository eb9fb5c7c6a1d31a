import { formAction, loadData, requireActor } from '#lib/server/http/route.ts';
import { onboardingAnswerSchema } from '#lib/server/skills/schemas.ts';
import { declareSkill, onboardingPath, recordAppInstalled } from '#lib/server/skills/skills.ts';
import { noFields } from '#lib/server/http/validation.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return loadData(() => onboardingPath(event.locals.db, actor));
};

export const actions: Actions = {
	answer: (event) =>
		formAction(
			event,
			onboardingAnswerSchema,
			'answer',
			({ skillId, level }, actor) => declareSkill(event.locals.db, actor, skillId, level),
			{ after: (_, { skillId }, form) => ({ form, saved: true, skillId }) }
		),
	/** Sent by a page opened from the home screen (see src/routes/me/+page.svelte). */
	installed: (event) =>
		formAction(event, noFields, 'installed', (_, actor) => recordAppInstalled(event.locals.db, actor))
};
