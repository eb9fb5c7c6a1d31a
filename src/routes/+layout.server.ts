import { redirect } from '@sveltejs/kit';
import { mustChoosePin } from '#lib/server/auth/pin-reset.ts';
import { unreadCount } from '#lib/server/notifications/notifications.ts';
import type { LayoutServerLoad } from './$types';

// Reads url so that it runs on every navigation: the unread count stays current.
// Someone who signed in with a one-time code (PIN reset) chooses their own PIN first, on /account.
export const load: LayoutServerLoad = async ({ locals, url }) => {
	if (locals.user && url.pathname !== '/account' && (await mustChoosePin(locals.db, locals.user))) {
		redirect(303, '/account');
	}
	return {
		path: url.pathname,
		user: locals.user && { firstName: locals.user.first_name, role: locals.user.role },
		unread: locals.user ? await unreadCount(locals.db, locals.user) : 0
	};
};
