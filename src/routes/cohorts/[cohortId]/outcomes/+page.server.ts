import { act, invalid, loadData, requireActor } from '#lib/server/http/route.ts';
import { zonedParts } from '#lib/server/cohorts/local-time.ts';
import { cohortOutcomes, logFollowUpAttempt, recordCheckpoint, recordExit } from '#lib/server/outcomes/outcomes.ts';
import { attemptSchema, exitSchema, facilitatorAnswerSchema } from '#lib/server/outcomes/schemas.ts';
import { parseForm } from '#lib/server/http/validation.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return loadData(async () => {
		const now = Date.now();
		const outcomes = await cohortOutcomes(event.locals.db, actor, event.params.cohortId, now);
		return { ...outcomes, today: zonedParts(now, outcomes.timeZone).date };
	});
};

export const actions: Actions = {
	exit: async (event) => {
		const actor = requireActor(event);
		const parsed = parseForm(exitSchema, await event.request.formData());
		const form = `exit-${String(parsed.values.userId ?? '')}`;
		if (!parsed.ok) return invalid(parsed, form);
		const { userId, ...input } = parsed.data;
		const done = await act(
			() => recordExit(event.locals.db, actor, event.params.cohortId, userId, input),
			parsed.values,
			form
		);
		return done.ok ? { form, saved: true } : done.failure;
	},
	attempt: async (event) => {
		const actor = requireActor(event);
		const parsed = parseForm(attemptSchema, await event.request.formData());
		const form = `attempt-${String(parsed.values.checkpoint ?? '')}-${String(parsed.values.userId ?? '')}`;
		if (!parsed.ok) return invalid(parsed, form);
		const { userId, checkpoint, ...input } = parsed.data;
		const done = await act(
			() => logFollowUpAttempt(event.locals.db, actor, event.params.cohortId, userId, checkpoint, input),
			parsed.values,
			form
		);
		return done.ok ? { form, saved: true, closed: done.value.closed } : done.failure;
	},
	answer: async (event) => {
		const actor = requireActor(event);
		const parsed = parseForm(facilitatorAnswerSchema, await event.request.formData());
		const form = `answer-${String(parsed.values.checkpoint ?? '')}-${String(parsed.values.userId ?? '')}`;
		if (!parsed.ok) return invalid(parsed, form);
		const { userId, ...input } = parsed.data;
		const done = await act(
			() => recordCheckpoint(event.locals.db, actor, event.params.cohortId, userId, input),
			parsed.values,
			form
		);
		return done.ok ? { form, saved: true } : done.failure;
	}
};
