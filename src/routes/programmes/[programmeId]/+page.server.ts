import * as v from 'valibot';
import { mayEditProgrammes, requireProgrammeEditor } from '#lib/server/auth/policy.ts';
import { ATTACHMENT_UPLOAD } from '#lib/server/http/assignment-routes.ts';
import { uploadFormAction } from '#lib/server/http/upload-action.ts';
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

/** Only those who may edit programmes send a file here: checked before the body is read. */
const editsProgrammes = async (actor: Parameters<typeof requireProgrammeEditor>[0]) => requireProgrammeEditor(actor);

export const actions: Actions = {
	update: (event) =>
		formAction(event, programmeSchema, 'programme', (input, actor) =>
			updateProgramme(event.locals.db, actor, event.params.programmeId, input)
		),
	// An async block's document comes with the block's form, through the assignment's upload (types, limits).
	addBlock: (event) =>
		uploadFormAction(
			event,
			ATTACHMENT_UPLOAD,
			blockSchema,
			'add',
			(input, [file], actor, store) =>
				addBlock(event.locals.db, actor, event.params.programmeId, input, undefined, { file, store }),
			{ arrays: ['skills'], before: editsProgrammes }
		),
	updateBlock: (event) =>
		uploadFormAction(
			event,
			ATTACHMENT_UPLOAD,
			blockUpdateSchema,
			(values) => `b-${String(values.blockId ?? '')}`,
			({ blockId, removeAttachment, ...input }, [file], actor, store) =>
				updateBlock(event.locals.db, actor, event.params.programmeId, blockId, input, undefined, {
					file,
					remove: removeAttachment,
					store
				}),
			{ arrays: ['skills'], before: editsProgrammes }
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
