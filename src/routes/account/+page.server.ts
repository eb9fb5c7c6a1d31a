import type { RequestEvent } from '@sveltejs/kit';
import { changeOwnPassword, changeOwnPin } from '#lib/server/auth/account.ts';
import { hasCalendarFeed, renewCalendarFeed, revokeCalendarFeed } from '#lib/server/calendar/calendar.ts';
import { choosePinAfterReset, mustChoosePin } from '#lib/server/auth/pin-reset.ts';
import { changePasswordSchema, changePinSchema, choosePinSchema } from '#lib/server/auth/schemas.ts';
import { formAction, openSession, requireActor } from '#lib/server/http/route.ts';
import { noFields } from '#lib/server/http/validation.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return {
		role: actor.role,
		firstName: actor.first_name,
		email: actor.email,
		hasCalendar: await hasCalendarFeed(event.locals.db, actor),
		mustChoosePin: await mustChoosePin(event.locals.db, actor)
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
	// After a PIN reset, the person signed in with the one-time code chooses their own PIN.
	newPin: (event) =>
		formAction(
			event,
			choosePinSchema,
			'newPin',
			(input, actor) => choosePinAfterReset(event.locals.db, actor, input.pin, event.locals.session?.created_at ?? 0),
			{ after: async () => ({ ...(await newSession(event)), form: 'newPin' }) }
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
