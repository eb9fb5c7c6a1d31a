import { zonedParts } from '#lib/server/cohorts/local-time.ts';
import { act, invalid, loadData, requireActor } from '#lib/server/http/route.ts';
import { getParticipantFile, logContact } from '#lib/server/participants/participant-file.ts';
import { contactSchema } from '#lib/server/participants/schemas.ts';
import { parseForm } from '#lib/server/http/validation.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const file = await loadData(() =>
		getParticipantFile(event.locals.db, actor, event.params.cohortId, event.params.userId)
	);
	// The contact form starts at "now" in the club's time zone: most contacts are logged right after.
	return { ...file, now: zonedParts(Date.now(), file.timeZone), erased: event.url.searchParams.has('erased') };
};

export const actions: Actions = {
	logContact: async (event) => {
		const actor = requireActor(event);
		const parsed = parseForm(contactSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed, 'contact');
		const done = await act(
			() => logContact(event.locals.db, actor, event.params.cohortId, event.params.userId, parsed.data),
			parsed.values,
			'contact'
		);
		return done.ok ? { form: 'contact', saved: true } : done.failure;
	}
};
