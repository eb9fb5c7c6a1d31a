import * as v from 'valibot';
import { pinResetList, resetParticipantPin } from '#lib/server/auth/pin-reset.ts';
import { formAction, loadData, requireActor } from '#lib/server/http/route.ts';
import { id } from '#lib/server/http/validation.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return loadData(() => pinResetList(event.locals.db, actor, event.params.cohortId));
};

export const actions: Actions = {
	// The one-time code goes back in this answer only (it is never stored in clear): shown once.
	reset: (event) =>
		formAction(
			event,
			v.object({ userId: id }),
			'reset',
			(input, actor) => resetParticipantPin(event.locals.db, actor, event.params.cohortId, input.userId),
			{ after: (done, input) => ({ form: 'reset', userId: input.userId, ...done }) }
		)
};
