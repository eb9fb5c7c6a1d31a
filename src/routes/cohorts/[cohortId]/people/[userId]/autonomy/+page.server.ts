import { zonedParts } from '#lib/server/cohorts/local-time.ts';
import { act, invalid, loadData, requireActor } from '#lib/server/http/route.ts';
import { personAutonomy, recordObservation, saveAssessment } from '#lib/server/autonomy/autonomy.ts';
import { assessmentSchema, levelsFrom, observationSchema } from '#lib/server/autonomy/schemas.ts';
import { AUTONOMY_STAGES } from '#lib/autonomy/ladder.ts';
import { parseForm } from '#lib/server/http/validation.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const file = await loadData(() => personAutonomy(event.locals.db, actor, event.params.cohortId, event.params.userId));
	// The form opens on the stage asked for (?stage=), else on the first stage not yet recorded.
	const asked = event.url.searchParams.get('stage');
	const recorded = new Set(file.assessments.map((a) => a.stage));
	const stage = AUTONOMY_STAGES.find((s) => s === asked) ?? AUTONOMY_STAGES.find((s) => !recorded.has(s)) ?? 'end';
	return { ...file, stage, today: zonedParts(Date.now(), file.timeZone).date };
};

export const actions: Actions = {
	assess: async (event) => {
		const actor = requireActor(event);
		const parsed = parseForm(assessmentSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed, 'assess');
		const { stage, day, note } = parsed.data;
		const input = { stage, day, note, levels: levelsFrom(parsed.data, 'level_') };
		const done = await act(
			() => saveAssessment(event.locals.db, actor, event.params.cohortId, event.params.userId, input),
			parsed.values,
			'assess'
		);
		return done.ok ? { form: 'assess', saved: true, stage } : done.failure;
	},
	observe: async (event) => {
		const actor = requireActor(event);
		const parsed = parseForm(observationSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed, 'observe');
		const done = await act(
			() => recordObservation(event.locals.db, actor, event.params.cohortId, event.params.userId, parsed.data),
			parsed.values,
			'observe'
		);
		return done.ok ? { form: 'observe', saved: true } : done.failure;
	}
};
