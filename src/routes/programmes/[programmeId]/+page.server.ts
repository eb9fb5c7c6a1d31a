import * as v from 'valibot';
import {
	addBlock,
	getProgramme,
	listDigitalSkills,
	removeBlock,
	updateBlock,
	updateProgramme
} from '#lib/server/programmes/programmes.ts';
import { blockSchema, programmeSchema } from '#lib/server/programmes/schemas.ts';
import { act, invalid, loadData, requireActor } from '#lib/server/http/route.ts';
import { id, parseForm } from '#lib/server/http/validation.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return loadData(async () => ({
		...(await getProgramme(event.locals.db, actor, event.params.programmeId)),
		skills: await listDigitalSkills(event.locals.db),
		canEdit: actor.role === 'facilitator' || actor.role === 'admin'
	}));
};

const withBlockId = v.object({ ...blockSchema.entries, blockId: id });

export const actions: Actions = {
	update: async (event) => {
		const actor = requireActor(event);
		const parsed = parseForm(programmeSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed, 'programme');
		const done = await act(
			() => updateProgramme(event.locals.db, actor, event.params.programmeId, parsed.data),
			parsed.values,
			'programme'
		);
		return done.ok ? { form: 'programme', saved: true } : done.failure;
	},
	addBlock: async (event) => {
		const actor = requireActor(event);
		const parsed = parseForm(blockSchema, await event.request.formData(), ['skills']);
		if (!parsed.ok) return invalid(parsed, 'add');
		const done = await act(
			() => addBlock(event.locals.db, actor, event.params.programmeId, parsed.data),
			parsed.values,
			'add'
		);
		return done.ok ? { form: 'add', saved: true } : done.failure;
	},
	updateBlock: async (event) => {
		const actor = requireActor(event);
		const form = await event.request.formData();
		const formId = `b-${String(form.get('blockId') ?? '')}`;
		const parsed = parseForm(withBlockId, form, ['skills']);
		if (!parsed.ok) return invalid(parsed, formId);
		const { blockId, ...input } = parsed.data;
		const done = await act(
			() => updateBlock(event.locals.db, actor, event.params.programmeId, blockId, input),
			parsed.values,
			formId
		);
		return done.ok ? { form: formId, saved: true } : done.failure;
	},
	removeBlock: async (event) => {
		const actor = requireActor(event);
		const parsed = parseForm(v.object({ blockId: id }), await event.request.formData());
		if (!parsed.ok) return invalid(parsed, 'remove');
		const done = await act(
			() => removeBlock(event.locals.db, actor, event.params.programmeId, parsed.data.blockId),
			parsed.values,
			'remove'
		);
		return done.ok ? { form: 'remove', saved: true } : done.failure;
	}
};
