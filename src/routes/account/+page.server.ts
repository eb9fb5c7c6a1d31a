import { error } from '@sveltejs/kit';
import { changeOwnSecret } from '#lib/server/auth/account.ts';
import { hasCalendarFeed, renewCalendarFeed, revokeCalendarFeed } from '#lib/server/calendar/calendar.ts';
import { choosePinAfterReset, mustChoosePin } from '#lib/server/auth/pin-reset.ts';
import { changePasswordSchema, changePinSchema, choosePinSchema } from '#lib/server/auth/schemas.ts';
import { act, formAction, invalid, openSession, requireActor, translate } from '#lib/server/http/route.ts';
import { parseForm } from '#lib/server/http/validation.ts';
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
	password: async (event) => {
		const actor = requireActor(event);
		if (actor.role === 'participant') error(403, translate('error_forbidden'));
		const parsed = parseForm(changePasswordSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed);
		const done = await act(
			() => changeOwnSecret(event.locals.db, actor, parsed.data.currentPassword, parsed.data.password),
			parsed.values
		);
		if (!done.ok) return done.failure;
		await openSession(event, actor.id);
		return { saved: true };
	},
	pin: async (event) => {
		const actor = requireActor(event);
		if (actor.role !== 'participant') error(403, translate('error_forbidden'));
		const parsed = parseForm(changePinSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed);
		const done = await act(
			() => changeOwnSecret(event.locals.db, actor, parsed.data.currentPin, parsed.data.pin),
			parsed.values
		);
		if (!done.ok) return done.failure;
		await openSession(event, actor.id);
		return { saved: true };
	},
	// After a PIN reset, the person signed in with the one-time code chooses their own PIN.
	newPin: (event) =>
		formAction(
			event,
			choosePinSchema,
			'newPin',
			(input, actor) => choosePinAfterReset(event.locals.db, actor, input.pin, event.locals.session?.created_at ?? 0),
			{
				after: async () => {
					await openSession(event, requireActor(event).id);
					return { form: 'newPin', saved: true };
				}
			}
		),
	calendarRenew: async (event) => {
		const actor = requireActor(event);
		const token = await renewCalendarFeed(event.locals.db, actor);
		// Shown once: only its hash is kept.
		return { form: 'calendar', calendarUrl: `${event.url.origin}/calendar/${token}.ics` };
	},
	calendarRevoke: async (event) => {
		const actor = requireActor(event);
		await revokeCalendarFeed(event.locals.db, actor);
		return { form: 'calendar', revoked: true };
	}
};
