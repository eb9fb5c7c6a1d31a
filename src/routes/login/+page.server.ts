import { redirect, type RequestEvent } from '@sveltejs/kit';
import { loginParticipant, loginStaff, type LoginOutcome } from '#lib/server/auth/login.ts';
import { participantLoginSchema, staffLoginSchema } from '#lib/server/auth/schemas.ts';
import { clientAddress, openSession, publicFormAction, safeNext } from '#lib/server/http/route.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safeNext(url.searchParams.get('next'), '/'));
};

export const actions: Actions = {
	staff: (event) =>
		publicFormAction(
			event,
			staffLoginSchema,
			'staff',
			async (input) => signedIn(await loginStaff(event.locals.db, { ...input, address: clientAddress(event) })),
			{ after: (userId) => enter(event, userId, '/') }
		),
	participant: (event) =>
		publicFormAction(
			event,
			participantLoginSchema,
			'participant',
			async (input) => signedIn(await loginParticipant(event.locals.db, { ...input, address: clientAddress(event) })),
			{ after: (userId) => enter(event, userId, '/me') }
		)
};

/** A refused login (a wrong secret, too many tries) is shown on its form. */
function signedIn(outcome: LoginOutcome): string {
	if (!outcome.ok) throw outcome.error;
	return outcome.userId;
}

async function enter(event: RequestEvent, userId: string, home: string): Promise<never> {
	await openSession(event, userId);
	redirect(303, safeNext(event.url.searchParams.get('next'), home));
}
