import { formAction, loadData, requireActor } from '#lib/server/http/route.ts';
import { giveOwnView, myAutonomy, type OwnViewChanges } from '#lib/server/autonomy/autonomy.ts';
import { levelsFrom, selfViewSchema } from '#lib/server/autonomy/schemas.ts';
import { isDimension } from '#lib/autonomy/ladder.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return { journeys: await loadData(() => myAutonomy(event.locals.db, actor)) };
};

export const actions: Actions = {
	selfView: (event) =>
		formAction(
			event,
			selfViewSchema,
			'self',
			(input, actor, body) => {
				// Whatever else the form carries about the facilitator's side goes to the domain, which refuses it.
				const changes: OwnViewChanges = { self: levelsFrom(input, 'self_') };
				const facilitator = Object.fromEntries(
					[...body.keys()]
						.filter((k) => k.startsWith('level_') && isDimension(k.slice(6)))
						.map((k) => [k.slice(6), Number(body.get(k))])
				);
				if (Object.keys(facilitator).length) changes.facilitator = facilitator;
				if (body.has('note')) changes.note = String(body.get('note'));
				return giveOwnView(event.locals.db, actor, input.assessmentId, changes);
			},
			{ after: (_, { assessmentId }, form) => ({ form, saved: true, assessmentId }) }
		)
};
