import { text } from '@sveltejs/kit';
import { m } from '#lib/paraglide/messages.js';
import { DomainError } from '#lib/server/http/errors.ts';
import { requireCohortMember } from '#lib/server/auth/policy.ts';
import { translate } from '#lib/server/http/route.ts';
import { appLiveBus } from '#lib/server/live/instance.ts';
import { feedChangeStream } from '#lib/server/live/sse.ts';
import type { RequestHandler } from './$types';

// GET: the live changes of one cohort's feed, for its members (the feed page's EventSource).
export const GET: RequestHandler = async (event) => {
	const actor = event.locals.user;
	if (!actor) return text(m.error_login_needed(), { status: 401 });
	try {
		await requireCohortMember(event.locals.db, actor, event.params.cohortId);
	} catch (e) {
		if (e instanceof DomainError) return text(translate(e.messageKey), { status: e.status });
		throw e;
	}
	return feedChangeStream(await appLiveBus(), event.params.cohortId, { signal: event.request.signal });
};
