import { zonedParts } from '#lib/server/cohorts/local-time.ts';
import { formAction, loadData, requireActor } from '#lib/server/http/route.ts';
import { cohortMoments, informalMinutesByPerson, logMoment, momentCandidates } from '#lib/server/moments/moments.ts';
import { momentSchema } from '#lib/server/moments/schemas.ts';
import { requireCohortFacilitator } from '#lib/server/auth/policy.ts';
import type { Actions, PageServerLoad } from './$types';
import { clock } from '#lib/server/clock.ts';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return loadData(async () => {
		// The page is the facilitators' tool; the cohort page shows everyone the moments on the timeline.
		await requireCohortFacilitator(event.locals.db, actor, event.params.cohortId);
		const { cohort, moments, timeZone } = await cohortMoments(event.locals.db, actor, event.params.cohortId);
		const people = await momentCandidates(event.locals.db, actor, event.params.cohortId);
		const minutes = await informalMinutesByPerson(event.locals.db, actor, event.params.cohortId);
		// Informal time per person: the cohort's participants, most time first.
		const perPerson = people
			.filter((p) => p.role === 'participant')
			.map((p) => ({
				id: p.id,
				name: [p.firstName, p.lastName].filter(Boolean).join(' '),
				minutes: minutes[p.id] ?? 0
			}))
			.sort((a, b) => b.minutes - a.minutes || a.name.localeCompare(b.name));
		return { cohort, moments: moments.reverse(), timeZone, people, perPerson, now: zonedParts(clock.now(), timeZone) };
	});
};

export const actions: Actions = {
	logMoment: (event) =>
		formAction(
			event,
			momentSchema,
			'moment',
			(input, actor) => logMoment(event.locals.db, actor, event.params.cohortId, input),
			{ arrays: ['people'] }
		)
};
