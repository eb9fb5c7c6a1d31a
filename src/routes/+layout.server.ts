import { unreadCount } from '#lib/server/notifications/notifications.ts';
import type { LayoutServerLoad } from './$types';

// Reads url so that it runs on every navigation: the unread count stays current.
export const load: LayoutServerLoad = async ({ locals, url }) => ({
	path: url.pathname,
	user: locals.user && { firstName: locals.user.first_name, role: locals.user.role },
	unread: locals.user ? await unreadCount(locals.db, locals.user) : 0
});
