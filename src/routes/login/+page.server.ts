import { redirect } from '@sveltejs/kit';
import { loginParticipant, loginStaff } from '#lib/server/auth/login.ts';
import { participantLoginSchema, staffLoginSchema } from '#lib/server/auth/schemas.ts';
import { clientAddress, invalid, openSession, refuse, safeNext } from '#lib/server/http/route.ts';
import { parseForm } from '#lib/server/http/validation.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safeNext(url.searchParams.get('next'), '/'));
};

export const actions: Actions = {
	staff: async (event) => {
		const parsed = parseForm(staffLoginSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed, 'staff');
		const outcome = await loginStaff(event.locals.db, { ...parsed.data, address: clientAddress(event) });
		if (!outcome.ok) return refuse(outcome.error.status, outcome.error.messageKey, parsed.values, 'staff');
		await openSession(event, outcome.userId);
		redirect(303, safeNext(event.url.searchParams.get('next'), '/'));
	},
	participant: async (event) => {
		const parsed = parseForm(participantLoginSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed, 'participant');
		const outcome = await loginParticipant(event.locals.db, { ...parsed.data, address: clientAddress(event) });
		if (!outcome.ok) return refuse(outcome.error.status, outcome.error.messageKey, parsed.values, 'participant');
		await openSession(event, outcome.userId);
		redirect(303, safeNext(event.url.searchParams.get('next'), '/me'));
	}
};
