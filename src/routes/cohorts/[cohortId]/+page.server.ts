import { fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { ACCEPT_ATTRIBUTE } from '#lib/assignments/rules.ts';
import { addActivity, cohortTimeline, removeActivity, updateActivity } from '#lib/server/activities/activities.ts';
import { activitySchema } from '#lib/server/activities/schemas.ts';
import { receiveAssignmentForm } from '#lib/server/http/assignment-routes.ts';
import { cohortAssignments, saveAssignment } from '#lib/server/assignments/assignments.ts';
import { assignmentSchema } from '#lib/server/assignments/schemas.ts';
import { acceptCharter, cohortCharter, saveCharter } from '#lib/server/charter/charter.ts';
import { acceptCharterSchema, ambassadorSchema, charterSchema } from '#lib/server/charter/schemas.ts';
import { cohortAmbassadors, setPeerAmbassador } from '#lib/server/cohorts/ambassadors.ts';
import { getCohort } from '#lib/server/cohorts/cohorts.ts';
import { zonedParts } from '#lib/server/cohorts/local-time.ts';
import { cohortPeopleSummary } from '#lib/server/cohorts/people-summary.ts';
import { cohortMoments, withMoments } from '#lib/server/moments/moments.ts';
import { act, invalid, loadData, requireActor, translateErrors, type FormFailure } from '#lib/server/http/route.ts';
import { UploadAborted } from '#lib/server/uploads/receive.ts';
import { uploadStore } from '#lib/server/uploads/store.ts';
import { id, parseForm } from '#lib/server/http/validation.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return loadData(async () => {
		const cohort = await getCohort(event.locals.db, actor, event.params.cohortId);
		const timeline = await cohortTimeline(event.locals.db, actor, event.params.cohortId);
		// Informal moments (salon de thé, logged by hand) on their day, beside the curriculum blocks.
		const { moments } = await cohortMoments(event.locals.db, actor, event.params.cohortId);
		return {
			...cohort,
			timeline: { ...timeline, weeks: withMoments(timeline.weeks, moments, cohort.cohort.start_date) },
			// The instructions editor of each async activity, for the cohort's facilitators.
			assignments:
				cohort.access === 'facilitator' ? await cohortAssignments(event.locals.db, actor, event.params.cohortId) : {},
			charter: await cohortCharter(event.locals.db, actor, event.params.cohortId),
			ambassadors:
				cohort.access === 'participant' ? await cohortAmbassadors(event.locals.db, actor, event.params.cohortId) : [],
			attachmentAccept: ACCEPT_ATTRIBUTE,
			// The people at a glance (attendance, late work, charter, last sign-in) and today's mark on the timeline.
			people:
				cohort.access === 'facilitator' ? await cohortPeopleSummary(event.locals.db, actor, event.params.cohortId) : [],
			today: zonedParts(Date.now(), timeline.timeZone).date
		};
	});
};

const withActivityId = v.object({ ...activitySchema.entries, activityId: id });

export const actions: Actions = {
	addActivity: async (event) => {
		const actor = requireActor(event);
		const parsed = parseForm(activitySchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed, 'add');
		const added = await act(
			() => addActivity(event.locals.db, actor, event.params.cohortId, parsed.data),
			parsed.values,
			'add'
		);
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
		const updated = await act(
			() => updateActivity(event.locals.db, actor, event.params.cohortId, activityId, input),
			parsed.values,
			formId
		);
		if (!updated.ok) return updated.failure;
		return { form: formId, saved: true };
	},
	saveAssignment: async (event) => {
		const actor = requireActor(event);
		const { db } = event.locals;
		let received;
		try {
			received = await act(
				() => receiveAssignmentForm(db, actor, event.params.cohortId, event.request),
				{},
				'assignment'
			);
		} catch (e) {
			// The upload was cut off: nothing was kept, and nobody waits for this page.
			if (e instanceof UploadAborted)
				return fail(400, { form: 'assignment', values: {}, errors: {} } satisfies FormFailure as FormFailure);
			throw e;
		}
		if (!received.ok) return received.failure;
		const form = received.value;
		const formId = `as-${form.ok ? (form.fields.activityId ?? '') : (form.values.activityId ?? '')}`;
		if (!form.ok)
			return fail(form.status, {
				form: formId,
				values: form.values,
				errors: translateErrors(form.errors)
			} satisfies FormFailure as FormFailure);
		const fields = new FormData();
		for (const [key, value] of Object.entries(form.fields)) fields.append(key, value);
		const parsed = parseForm(assignmentSchema, fields);
		if (!parsed.ok) {
			if (form.attachment) await uploadStore().discardTemp([form.attachment.id]);
			return invalid(parsed, formId);
		}
		const { activityId, ...input } = parsed.data;
		const saved = await act(
			() => saveAssignment(db, actor, event.params.cohortId, activityId, input, form.attachment, uploadStore()),
			parsed.values,
			formId
		);
		if (!saved.ok) return saved.failure;
		return { form: formId, saved: true };
	},
	saveCharter: async (event) => {
		const actor = requireActor(event);
		const parsed = parseForm(charterSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed, 'charter');
		const saved = await act(
			() => saveCharter(event.locals.db, actor, event.params.cohortId, parsed.data),
			parsed.values,
			'charter'
		);
		return saved.ok ? { form: 'charter', saved: true } : saved.failure;
	},
	acceptCharter: async (event) => {
		const actor = requireActor(event);
		const parsed = parseForm(acceptCharterSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed, 'charter');
		const accepted = await act(
			() => acceptCharter(event.locals.db, actor, event.params.cohortId, parsed.data.version),
			parsed.values,
			'charter'
		);
		return accepted.ok ? { form: 'charter', saved: true } : accepted.failure;
	},
	setAmbassador: async (event) => {
		const actor = requireActor(event);
		const parsed = parseForm(ambassadorSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed, 'ambassador');
		const { userId, ambassador } = parsed.data;
		const set = await act(
			() => setPeerAmbassador(event.locals.db, actor, event.params.cohortId, userId, ambassador === 'yes'),
			parsed.values,
			'ambassador'
		);
		return set.ok ? { form: 'ambassador', saved: true } : set.failure;
	},
	removeActivity: async (event) => {
		const actor = requireActor(event);
		const parsed = parseForm(v.object({ activityId: id }), await event.request.formData());
		if (!parsed.ok) return invalid(parsed, 'remove');
		const removed = await act(
			() => removeActivity(event.locals.db, actor, event.params.cohortId, parsed.data.activityId),
			parsed.values,
			'remove'
		);
		if (!removed.ok) return removed.failure;
		return { form: 'remove', saved: true };
	}
};
