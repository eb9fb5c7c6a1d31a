import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => ({
	user: locals.user && { firstName: locals.user.first_name, role: locals.user.role }
});
