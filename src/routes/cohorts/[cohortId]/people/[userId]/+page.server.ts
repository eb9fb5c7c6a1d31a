import { zonedParts } from '#lib/server/cohorts/local-time.ts';
import { formAction, loadData, requireActor } from '#lib/server/http/route.ts';
import { getParticipantFile, logContact } from '#lib/server/participants/participant-file.ts';
import { contactSchema } from '#lib/server/participants/schemas.ts';
import type { Actions, PageServerLoad } from './$types';
import { clock } from '#lib/server/clock.ts';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const file = await loadData(() =>
		getParticipantFile(event.locals.db, actor, event.params.cohortId, event.params.userId)
	);
	// The contact form starts at "now" in the club's time zone: most contacts are logged right after.
	return { ...file, now: zonedParts(clock.now(), file.timeZone), erased: event.url.searchParams.has('erased') };
};

export const actions: Actions = {
	logContact: (event) =>
		formAction(event, contactSchema, 'contact', (input, actor) =>
			logContact(event.locals.db, actor, event.params.cohortId, event.params.userId, input)
		)
};
