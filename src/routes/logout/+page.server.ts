import { redirect } from '@sveltejs/kit';
import { dev } from '$app/environment';
import { deleteSessionCookie, invalidateSession } from '#lib/server/auth/session.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	default: async ({ locals, cookies, url }) => {
		if (locals.session) await invalidateSession(locals.db, locals.session.id);
		deleteSessionCookie(cookies, !dev && url.protocol === 'https:');
		redirect(303, '/login');
	}
};
