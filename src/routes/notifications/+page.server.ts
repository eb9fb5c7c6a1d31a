import * as v from 'valibot';
import { getLocale } from '#lib/paraglide/runtime.js';
import { organisationTimeZone } from '#lib/server/cohorts/cohorts.ts';
import { formAction, requireActor } from '#lib/server/http/route.ts';
import { listNotifications, markRead } from '#lib/server/notifications/notifications.ts';
import { pushPublicKey } from '#lib/server/notifications/vapid.ts';
import { notificationText } from '#lib/server/notifications/text.ts';
import { id, noFields } from '#lib/server/http/validation.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const locale = getLocale();
	const notifications = await listNotifications(event.locals.db, actor);
	return {
		notifications: notifications.map((n) => ({
			id: n.id,
			text: notificationText(n.kind, n.params, locale),
			href: n.href,
			at: n.created_at,
			unread: n.read_at === null
		})),
		vapidPublicKey: pushPublicKey(),
		timeZone: await organisationTimeZone(event.locals.db, actor.organisation_id)
	};
};

export const actions: Actions = {
	readAll: (event) =>
		formAction(event, noFields, undefined, (_, actor) => markRead(event.locals.db, actor, 'all'), {
			after: () => ({ saved: true })
		}),
	read: (event) =>
		formAction(
			event,
			v.object({ notificationId: id }),
			undefined,
			(input, actor) => markRead(event.locals.db, actor, input.notificationId),
			{ after: () => ({ saved: true }) }
		)
};
