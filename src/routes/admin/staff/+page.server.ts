import * as v from 'valibot';
import { createStaff, listStaff, setStaffDisabled } from '#lib/server/auth/account.ts';
import { staffSchema } from '#lib/server/auth/schemas.ts';
import { act, invalid, loadData, requireActor } from '#lib/server/http/route.ts';
import { id, parseForm } from '#lib/server/http/validation.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return loadData(async () => ({ staff: await listStaff(event.locals.db, actor), selfId: actor.id }));
};

const accountSchema = v.object({ userId: id });

export const actions: Actions = {
	create: async (event) => {
		const actor = requireActor(event);
		const parsed = parseForm(staffSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed, 'create');
		const done = await act(() => createStaff(event.locals.db, actor, parsed.data), parsed.values, 'create');
		return done.ok ? { form: 'create', saved: true } : done.failure;
	},
	disable: async (event) => {
		const actor = requireActor(event);
		const parsed = parseForm(accountSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed, 'status');
		const done = await act(
			() => setStaffDisabled(event.locals.db, actor, parsed.data.userId, true),
			parsed.values,
			'status'
		);
		return done.ok ? { form: 'status', saved: true } : done.failure;
	},
	enable: async (event) => {
		const actor = requireActor(event);
		const parsed = parseForm(accountSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed, 'status');
		const done = await act(
			() => setStaffDisabled(event.locals.db, actor, parsed.data.userId, false),
			parsed.values,
			'status'
		);
		return done.ok ? { form: 'status', saved: true } : done.failure;
	}
};
