import * as v from 'valibot';
import { createStaff, listStaff, setStaffDisabled } from '#lib/server/auth/account.ts';
import { staffSchema } from '#lib/server/auth/schemas.ts';
import { formAction, loadData, requireActor } from '#lib/server/http/route.ts';
import { id } from '#lib/server/http/validation.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return loadData(async () => ({ staff: await listStaff(event.locals.db, actor), selfId: actor.id }));
};

const accountSchema = v.object({ userId: id });

export const actions: Actions = {
	create: (event) =>
		formAction(event, staffSchema, 'create', (input, actor) => createStaff(event.locals.db, actor, input)),
	disable: (event) =>
		formAction(event, accountSchema, 'status', (input, actor) =>
			setStaffDisabled(event.locals.db, actor, input.userId, true)
		),
	enable: (event) =>
		formAction(event, accountSchema, 'status', (input, actor) =>
			setStaffDisabled(event.locals.db, actor, input.userId, false)
		)
};
