import * as v from 'valibot';
import { getLocale } from '#lib/paraglide/runtime.js';
import { organisationTimeZone } from '#lib/server/cohorts/cohorts.ts';
import { act, invalid, requireActor } from '#lib/server/http/route.ts';
import { listNotifications, markRead } from '#lib/server/notifications/notifications.ts';
import { pushPublicKey } from '#lib/server/notifications/vapid.ts';
import { notificationText } from '#lib/server/notifications/text.ts';
import { id, parseForm } from '#lib/server/http/validation.ts';
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
	readAll: async (event) => {
		await markRead(event.locals.db, requireActor(event), 'all');
		return { saved: true };
	},
	read: async (event) => {
		const actor = requireActor(event);
		const parsed = parseForm(v.object({ notificationId: id }), await event.request.formData());
		if (!parsed.ok) return invalid(parsed);
		// Someone else's notification answers 404, not "saved" (issue 16).
		const done = await act(() => markRead(event.locals.db, actor, parsed.data.notificationId), parsed.values);
		return done.ok ? { saved: true } : done.failure;
	}
};
