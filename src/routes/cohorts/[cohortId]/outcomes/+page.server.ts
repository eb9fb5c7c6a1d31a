import { formAction, loadData, requireActor } from '#lib/server/http/route.ts';
import { zonedParts } from '#lib/server/cohorts/local-time.ts';
import { cohortOutcomes, logFollowUpAttempt, recordCheckpoint, recordExit } from '#lib/server/outcomes/outcomes.ts';
import { attemptSchema, exitSchema, facilitatorAnswerSchema } from '#lib/server/outcomes/schemas.ts';
import type { Actions, PageServerLoad } from './$types';
import { clock } from '#lib/server/clock.ts';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return loadData(async () => {
		const now = clock.now();
		const outcomes = await cohortOutcomes(event.locals.db, actor, event.params.cohortId, now);
		return { ...outcomes, today: zonedParts(now, outcomes.timeZone).date };
	});
};

export const actions: Actions = {
	exit: (event) =>
		formAction(
			event,
			exitSchema,
			(values) => `exit-${String(values.userId ?? '')}`,
			({ userId, ...input }, actor) => recordExit(event.locals.db, actor, event.params.cohortId, userId, input)
		),
	attempt: (event) =>
		formAction(
			event,
			attemptSchema,
			(values) => `attempt-${String(values.checkpoint ?? '')}-${String(values.userId ?? '')}`,
			({ userId, checkpoint, ...input }, actor) =>
				logFollowUpAttempt(event.locals.db, actor, event.params.cohortId, userId, checkpoint, input),
			{ after: ({ closed }, _, form) => ({ form, saved: true, closed }) }
		),
	answer: (event) =>
		formAction(
			event,
			facilitatorAnswerSchema,
			(values) => `answer-${String(values.checkpoint ?? '')}-${String(values.userId ?? '')}`,
			({ userId, ...input }, actor) => recordCheckpoint(event.locals.db, actor, event.params.cohortId, userId, input)
		)
};
