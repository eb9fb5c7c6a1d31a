import * as v from 'valibot';
import { ACCEPT_ATTRIBUTE } from '#lib/assignments/rules.ts';
import { addActivity, cohortTimeline, removeActivity, updateActivity } from '#lib/server/activities/activities.ts';
import { activitySchema } from '#lib/server/activities/schemas.ts';
import { ATTACHMENT_UPLOAD } from '#lib/server/http/assignment-routes.ts';
import { cohortAssignments, saveAssignment } from '#lib/server/assignments/assignments.ts';
import { assignmentSchema } from '#lib/server/assignments/schemas.ts';
import { acceptCharter, cohortCharter, saveCharter } from '#lib/server/charter/charter.ts';
import { acceptCharterSchema, ambassadorSchema, charterSchema } from '#lib/server/charter/schemas.ts';
import { cohortAmbassadors, setPeerAmbassador } from '#lib/server/cohorts/ambassadors.ts';
import { getCohort, setCohortModality } from '#lib/server/cohorts/cohorts.ts';
import { modalitySchema } from '#lib/server/cohorts/schemas.ts';
import { zonedParts } from '#lib/server/cohorts/local-time.ts';
import { cohortPeopleSummary } from '#lib/server/cohorts/people-summary.ts';
import { cohortMoments, withMoments } from '#lib/server/moments/moments.ts';
import { activitiesWithNotes } from '#lib/server/notes/notes.ts';
import { enrolWithoutInvite } from '#lib/server/participants/enrol.ts';
import { enrolSchema } from '#lib/server/participants/schemas.ts';
import { formAction, loadData, requireActor } from '#lib/server/http/route.ts';
import { uploadFormAction } from '#lib/server/http/upload-action.ts';
import { isCohortCaretaker, mayAssignFacilitators, requireCohortFacilitator } from '#lib/server/auth/policy.ts';
import { id } from '#lib/server/http/validation.ts';
import type { Actions, PageServerLoad } from './$types';
import { clock } from '#lib/server/clock.ts';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return loadData(async () => {
		const cohort = await getCohort(event.locals.db, actor, event.params.cohortId);
		const timeline = await cohortTimeline(event.locals.db, actor, event.params.cohortId);
		// Informal moments (salon de thé, logged by hand) on their day, beside the curriculum blocks.
		const { moments } = await cohortMoments(event.locals.db, actor, event.params.cohortId);
		return {
			...cohort,
			timeline: { ...timeline, weeks: withMoments(timeline.weeks, moments, cohort.cohort.startDate) },
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
			today: zonedParts(clock.now(), timeline.timeZone).date,
			// An admin looking after the organisation gives PINs too (a facilitator may be away).
			pinResets: isCohortCaretaker(actor, cohort.access),
			// The director and the admin change who runs the cohort (a hand-over keeps everything).
			assignsFacilitators: mayAssignFacilitators(actor),
			// Live activities whose shared notes the members can read again (directors see no one's words).
			notedActivities:
				cohort.access === 'overview' ? [] : await activitiesWithNotes(event.locals.db, actor, event.params.cohortId)
		};
	});
};

const withActivityId = v.object({ ...activitySchema.entries, activityId: id });

export const actions: Actions = {
	addActivity: (event) =>
		formAction(event, activitySchema, 'add', (input, actor) =>
			addActivity(event.locals.db, actor, event.params.cohortId, input)
		),
	updateActivity: (event) =>
		formAction(
			event,
			withActivityId,
			(values) => `a-${String(values.activityId ?? '')}`,
			({ activityId, ...input }, actor) =>
				updateActivity(event.locals.db, actor, event.params.cohortId, activityId, input)
		),
	saveAssignment: (event) =>
		uploadFormAction(
			event,
			ATTACHMENT_UPLOAD,
			assignmentSchema,
			(values) => `as-${String(values.activityId ?? '')}`,
			({ activityId, ...input }, [attachment], actor, store) =>
				saveAssignment(event.locals.db, actor, event.params.cohortId, activityId, input, attachment ?? null, store),
			// Only the cohort's facilitators may send a file here: checked before the body is read.
			{ before: (actor) => requireCohortFacilitator(event.locals.db, actor, event.params.cohortId) }
		),
	saveCharter: (event) =>
		formAction(event, charterSchema, 'charter', (input, actor) =>
			saveCharter(event.locals.db, actor, event.params.cohortId, input)
		),
	acceptCharter: (event) =>
		formAction(event, acceptCharterSchema, 'charter', (input, actor) =>
			acceptCharter(event.locals.db, actor, event.params.cohortId, input.version)
		),
	setAmbassador: (event) =>
		formAction(event, ambassadorSchema, 'ambassador', ({ userId, ambassador }, actor) =>
			setPeerAmbassador(event.locals.db, actor, event.params.cohortId, userId, ambassador === 'yes')
		),
	// Someone with no phone or no e-mail yet: enrolled by the facilitator, given a PIN later on the PIN page.
	enrol: (event) =>
		formAction(
			event,
			enrolSchema,
			'enrol',
			(input, actor) => enrolWithoutInvite(event.locals.db, actor, event.params.cohortId, input),
			{ after: (done) => ({ form: 'enrol', saved: true, enrolledName: done.firstName }) }
		),
	// The declared modality its sessions contradict, corrected by its facilitators, the director or the admin.
	setModality: (event) =>
		formAction(event, modalitySchema, 'modality', (input, actor) =>
			setCohortModality(event.locals.db, actor, event.params.cohortId, input.modality)
		),
	removeActivity: (event) =>
		formAction(event, v.object({ activityId: id }), 'remove', (input, actor) =>
			removeActivity(event.locals.db, actor, event.params.cohortId, input.activityId)
		)
};
