import type { RequestEvent } from '@sveltejs/kit';
import { changeOwnPassword, changeOwnPin } from '#lib/server/auth/account.ts';
import { hasCalendarFeed, renewCalendarFeed, revokeCalendarFeed } from '#lib/server/calendar/calendar.ts';
import { changePasswordSchema, changePinSchema } from '#lib/server/auth/schemas.ts';
import { formAction, openSession, requireActor } from '#lib/server/http/route.ts';
import { noFields } from '#lib/server/http/validation.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return {
		role: actor.role,
		firstName: actor.first_name,
		email: actor.email,
		hasCalendar: await hasCalendarFeed(event.locals.db, actor)
	};
};

export const actions: Actions = {
	password: (event) =>
		formAction(
			event,
			changePasswordSchema,
			undefined,
			(input, actor) => changeOwnPassword(event.locals.db, actor, input.currentPassword, input.password),
			{ after: () => newSession(event) }
		),
	pin: (event) =>
		formAction(
			event,
			changePinSchema,
			undefined,
			(input, actor) => changeOwnPin(event.locals.db, actor, input.currentPin, input.pin),
			{ after: () => newSession(event) }
		),
	calendarRenew: (event) =>
		formAction(event, noFields, 'calendar', (_, actor) => renewCalendarFeed(event.locals.db, actor), {
			// Shown once: only its hash is kept.
			after: (token, _, form) => ({ form, calendarUrl: `${event.url.origin}/calendar/${token}.ics` })
		}),
	calendarRevoke: (event) =>
		formAction(event, noFields, 'calendar', (_, actor) => revokeCalendarFeed(event.locals.db, actor), {
			after: (_, __, form) => ({ form, revoked: true })
		})
};

/** A new secret closes the other sessions: this device gets a fresh one. */
async function newSession(event: RequestEvent) {
	await openSession(event, requireActor(event).id);
	return { saved: true };
}
