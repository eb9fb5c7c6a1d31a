import * as v from 'valibot';
import { DomainError } from '#lib/server/http/errors.ts';
import { jsonEndpoint, readJson } from '#lib/server/http/route.ts';
import { appLiveBus } from '#lib/server/live/instance.ts';
import { readNotes, writeNotes } from '#lib/server/notes/notes.ts';
import { notesStateVectorSchema, notesUpdateSchema } from '#lib/server/notes/schemas.ts';
import type { RequestHandler } from './$types';

// GET ?sv=<base64>: the activity's shared notes, with what the page lacks (the room page asks on each signal).
export const GET: RequestHandler = (event) =>
	jsonEndpoint(event, (actor) => {
		const sv = v.safeParse(notesStateVectorSchema, event.url.searchParams.get('sv') ?? '');
		if (!sv.success) throw new DomainError(400, 'notes_error_bad_update', 'sv is not base64');
		return readNotes(event.locals.db, actor, event.params.activityId, sv.output);
	});

// POST { update, stateVector }: a page's change to the notes (a Yjs update), merged and signalled to the room.
export const POST: RequestHandler = (event) =>
	jsonEndpoint(event, async (actor) =>
		writeNotes(
			event.locals.db,
			await appLiveBus(),
			actor,
			event.params.activityId,
			await readJson(event.request, notesUpdateSchema)
		)
	);
