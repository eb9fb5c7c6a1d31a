import * as v from 'valibot';
import { addActivity, cohortTimeline, removeActivity, updateActivity } from '$lib/server/activities/activities';
import { activitySchema } from '$lib/server/activities/schemas';
import { getCohort } from '$lib/server/cohorts/cohorts';
import { act, invalid, load as domainLoad, requireActor } from '$lib/server/http';
import { id, parseForm } from '$lib/server/validation';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return domainLoad(async () => ({
		...(await getCohort(event.locals.db, actor, event.params.cohortId)),
		timeline: await cohortTimeline(event.locals.db, actor, event.params.cohortId)
	}));
};

const withActivityId = v.object({ ...activitySchema.entries, activityId: id });

export const actions: Actions = {
	addActivity: async (event) => {
		const actor = requireActor(event);
		const parsed = parseForm(activitySchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed, 'add');
		const added = await act(() => addActivity(event.locals.db, actor, event.params.cohortId, parsed.data), parsed.values, 'add');
		if (!added.ok) return added.failure;
		return { form: 'add', saved: true };
	},
	updateActivity: async (event) => {
		const actor = requireActor(event);
		const form = await event.request.formData();
		const formId = `a-${String(form.get('activityId') ?? '')}`;
		const parsed = parseForm(withActivityId, form);
		if (!parsed.ok) return invalid(parsed, formId);
		const { activityId, ...input } = parsed.data;
		const updated = await act(() => updateActivity(event.locals.db, actor, event.params.cohortId, activityId, input), parsed.values, formId);
		if (!updated.ok) return updated.failure;
		return { form: formId, saved: true };
	},
	removeActivity: async (event) => {
		const actor = requireActor(event);
		const parsed = parseForm(v.object({ activityId: id }), await event.request.formData());
		if (!parsed.ok) return invalid(parsed, 'remove');
		const removed = await act(() => removeActivity(event.locals.db, actor, event.params.cohortId, parsed.data.activityId), parsed.values, 'remove');
		if (!removed.ok) return removed.failure;
		return { form: 'remove', saved: true };
	}
};
