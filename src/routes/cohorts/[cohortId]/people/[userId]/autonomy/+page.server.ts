import { zonedParts } from '#lib/server/cohorts/local-time.ts';
import { formAction, loadData, requireActor } from '#lib/server/http/route.ts';
import { personAutonomy, recordObservation, saveAssessment } from '#lib/server/autonomy/autonomy.ts';
import { assessmentSchema, levelsFrom, observationSchema } from '#lib/server/autonomy/schemas.ts';
import { AUTONOMY_STAGES } from '#lib/autonomy/ladder.ts';
import type { Actions, PageServerLoad } from './$types';
import { clock } from '#lib/server/clock.ts';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const file = await loadData(() => personAutonomy(event.locals.db, actor, event.params.cohortId, event.params.userId));
	// The form opens on the stage asked for (?stage=), else on the first stage not yet recorded.
	const asked = event.url.searchParams.get('stage');
	const recorded = new Set(file.assessments.map((a) => a.stage));
	const stage = AUTONOMY_STAGES.find((s) => s === asked) ?? AUTONOMY_STAGES.find((s) => !recorded.has(s)) ?? 'end';
	return { ...file, stage, today: zonedParts(clock.now(), file.timeZone).date };
};

export const actions: Actions = {
	assess: (event) =>
		formAction(
			event,
			assessmentSchema,
			'assess',
			(input, actor) =>
				saveAssessment(event.locals.db, actor, event.params.cohortId, event.params.userId, {
					stage: input.stage,
					day: input.day,
					note: input.note,
					levels: levelsFrom(input, 'level_')
				}),
			{ after: (_, { stage }, form) => ({ form, saved: true, stage }) }
		),
	observe: (event) =>
		formAction(event, observationSchema, 'observe', (input, actor) =>
			recordObservation(event.locals.db, actor, event.params.cohortId, event.params.userId, input)
		)
};
