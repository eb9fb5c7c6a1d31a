import { text } from '@sveltejs/kit';
import { m } from '#lib/paraglide/messages.js';
import { DomainError } from '#lib/server/http/errors.ts';
import { translate } from '#lib/server/http/route.ts';
import { requireRoomMember } from '#lib/server/livekit/tickets.ts';
import { appLiveBus } from '#lib/server/live/instance.ts';
import { roomSignalStream } from '#lib/server/live/sse.ts';
import type { RequestHandler } from './$types';

// GET: the room's live signals (polls, reactions) for the cohort's members (the room page's EventSource).
export const GET: RequestHandler = async (event) => {
	const actor = event.locals.user;
	if (!actor) return text(m.error_login_needed(), { status: 401 });
	try {
		await requireRoomMember(event.locals.db, actor, { activityId: event.params.activityId });
	} catch (e) {
		if (e instanceof DomainError) return text(translate(e.messageKey), { status: e.status });
		throw e;
	}
	return roomSignalStream(await appLiveBus(), event.params.activityId, { signal: event.request.signal });
};
