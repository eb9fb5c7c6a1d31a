import { redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { cookieName, locales } from '#lib/paraglide/runtime.js';
import { safeNext } from '#lib/server/http/route.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/');

const schema = v.object({ locale: v.picklist(locales), back: v.optional(v.string(), '/') });

export const actions: Actions = {
	default: async ({ request, cookies }) => {
		const form = Object.fromEntries(await request.formData());
		const parsed = v.safeParse(schema, form);
		const locale = parsed.success ? parsed.output.locale : 'fr';
		cookies.set(cookieName, locale, { path: '/', httpOnly: false, sameSite: 'lax', maxAge: 60 * 60 * 24 * 400 });
		redirect(303, safeNext(parsed.success ? parsed.output.back : null, '/'));
	}
};
