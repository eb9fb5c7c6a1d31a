import { markAttendance } from '#lib/server/attendance/attendance.ts';
import { formAction, loadData, requireActor } from '#lib/server/http/route.ts';
import { markSchema } from '#lib/server/livekit/schemas.ts';
import { roomPageData } from '#lib/server/livekit/room-page.ts';
import { deviceCheckAction } from '#lib/server/http/room-routes.ts';
import { appLiveBus } from '#lib/server/live/instance.ts';
import { answerPoll, closePoll, roomPolls, startPoll } from '#lib/server/polls/polls.ts';
import { sendReaction } from '#lib/server/polls/reactions.ts';
import { pollAnswerSchema, pollCloseSchema, pollStartSchema, reactionSchema } from '#lib/server/polls/schemas.ts';
import { readNotes, setNotesWriters } from '#lib/server/notes/notes.ts';
import { notesWritersSchema } from '#lib/server/notes/schemas.ts';
import {
	breakoutBoard,
	broadcastToGroups,
	callForHelp,
	clearBroadcast,
	dismissHelp,
	visitGroup
} from '#lib/server/breakouts/board.ts';
import { broadcastSchema, dismissSchema, visitSchema } from '#lib/server/breakouts/schemas.ts';
import { livekit } from '#lib/server/livekit/config.ts';
import { noFields } from '#lib/server/http/validation.ts';
import { m } from '#lib/paraglide/messages.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const activityId = event.params.activityId;
	return loadData(async () => ({
		...(await roomPageData(event.locals.db, actor, { activityId }, m.salon_title())),
		// Polls are page UI, not video: they work with video off, in audio-only and for people in the room.
		polls: await roomPolls(event.locals.db, actor, activityId),
		// The shared notes' text for the first render; the editor (Yjs, loaded apart) then syncs itself.
		notes: await readNotes(event.locals.db, actor, activityId, null),
		breakoutBoard: await breakoutBoard(event.locals.db, actor, activityId)
	}));
};

export const actions: Actions = {
	mark: (event) =>
		formAction(event, markSchema, 'mark', ({ userId, mode }, actor) =>
			markAttendance(event.locals.db, actor, event.params.activityId, userId, mode)
		),
	deviceCheck: async (event) => deviceCheckAction(event, { activityId: event.params.activityId }),
	pollStart: async (event) =>
		formAction(event, pollStartSchema, 'pollStart', async (input, actor) =>
			startPoll(event.locals.db, await appLiveBus(), actor, event.params.activityId, input)
		),
	pollAnswer: async (event) =>
		formAction(event, pollAnswerSchema, 'pollAnswer', async ({ pollId, optionId }, actor) =>
			answerPoll(event.locals.db, await appLiveBus(), actor, event.params.activityId, pollId, optionId)
		),
	pollClose: async (event) =>
		formAction(event, pollCloseSchema, 'pollClose', async ({ pollId }, actor) =>
			closePoll(event.locals.db, await appLiveBus(), actor, event.params.activityId, pollId)
		),
	react: async (event) =>
		formAction(event, reactionSchema, 'react', async ({ reaction }, actor) =>
			sendReaction(event.locals.db, await appLiveBus(), actor, event.params.activityId, reaction)
		),
	notesWriters: async (event) =>
		formAction(event, notesWritersSchema, 'notesWriters', async ({ participantsWrite }, actor) =>
			setNotesWriters(event.locals.db, await appLiveBus(), actor, event.params.activityId, participantsWrite)
		),
	// Breakouts for real facilitation: speak to every group, visit a group and come back, call for help.
	breakoutBroadcast: async (event) =>
		formAction(event, broadcastSchema, 'breakoutBroadcast', async (input, actor) =>
			broadcastToGroups(event.locals.db, await appLiveBus(), actor, event.params.activityId, input)
		),
	breakoutClear: async (event) =>
		formAction(event, noFields, 'breakoutClear', async (_input, actor) =>
			clearBroadcast(event.locals.db, await appLiveBus(), actor, event.params.activityId)
		),
	breakoutVisit: async (event) =>
		formAction(event, visitSchema, 'breakoutVisit', async ({ group }, actor) =>
			visitGroup(event.locals.db, await appLiveBus(), livekit()?.rooms ?? null, actor, event.params.activityId, group)
		),
	breakoutHelp: async (event) =>
		formAction(event, noFields, 'breakoutHelp', async (_input, actor) =>
			callForHelp(event.locals.db, await appLiveBus(), actor, event.params.activityId)
		),
	breakoutDismiss: async (event) =>
		formAction(event, dismissSchema, 'breakoutDismiss', async ({ group }, actor) =>
			dismissHelp(event.locals.db, await appLiveBus(), actor, event.params.activityId, group)
		)
};
