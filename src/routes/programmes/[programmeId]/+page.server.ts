import * as v from 'valibot';
import { mayEditProgrammes } from '#lib/server/auth/policy.ts';
import {
	addBlock,
	getProgramme,
	listDigitalSkills,
	moveBlock,
	removeBlock,
	updateBlock,
	updateProgramme
} from '#lib/server/programmes/programmes.ts';
import { blockSchema, blockUpdateSchema, moveBlockSchema, programmeSchema } from '#lib/server/programmes/schemas.ts';
import { formAction, loadData, requireActor } from '#lib/server/http/route.ts';
import { id } from '#lib/server/http/validation.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return loadData(async () => ({
		...(await getProgramme(event.locals.db, actor, event.params.programmeId)),
		skills: await listDigitalSkills(event.locals.db),
		canEdit: mayEditProgrammes(actor)
	}));
};

export const actions: Actions = {
	update: (event) =>
		formAction(event, programmeSchema, 'programme', (input, actor) =>
			updateProgramme(event.locals.db, actor, event.params.programmeId, input)
		),
	addBlock: (event) =>
		formAction(
			event,
			blockSchema,
			'add',
			(input, actor) => addBlock(event.locals.db, actor, event.params.programmeId, input),
			{ arrays: ['skills'] }
		),
	updateBlock: (event) =>
		formAction(
			event,
			blockUpdateSchema,
			(values) => `b-${String(values.blockId ?? '')}`,
			({ blockId, ...input }, actor) => updateBlock(event.locals.db, actor, event.params.programmeId, blockId, input),
			{ arrays: ['skills'] }
		),
	moveBlock: (event) =>
		formAction(
			event,
			moveBlockSchema,
			'move',
			({ blockId, direction }, actor) =>
				moveBlock(event.locals.db, actor, event.params.programmeId, blockId, direction),
			// The page keeps the moved block in view (and its button focused, with JavaScript).
			{ after: (_, { blockId, direction }, form) => ({ form, saved: true as const, moved: { blockId, direction } }) }
		),
	removeBlock: (event) =>
		formAction(event, v.object({ blockId: id }), 'remove', (input, actor) =>
			removeBlock(event.locals.db, actor, event.params.programmeId, input.blockId)
		)
};
