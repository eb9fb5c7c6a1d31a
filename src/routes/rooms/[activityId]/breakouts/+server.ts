import { DomainError } from '#lib/server/http/errors.ts';
import { jsonEndpoint, readJson } from '#lib/server/http/route.ts';
import { livekit } from '#lib/server/livekit/config.ts';
import { setBreakouts } from '#lib/server/livekit/moderation.ts';
import { breakoutSchema } from '#lib/server/livekit/schemas.ts';
import { announceBreakouts } from '#lib/server/breakouts/board.ts';
import { appLiveBus } from '#lib/server/live/instance.ts';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = (event) =>
	jsonEndpoint(event, async (actor) => {
		const lk = livekit();
		if (!lk) throw new DomainError(503, 'room_video_off', 'no LiveKit server configured');
		const { groups } = await readJson(event.request, breakoutSchema);
		const split = await setBreakouts(event.locals.db, lk.rooms, actor, event.params.activityId, groups);
		// The breakout boards (groups, help buttons, visits) read the new groups again.
		await announceBreakouts(await appLiveBus(), event.params.activityId);
		return { groups: split };
	});
