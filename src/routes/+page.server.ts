import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

/** Everyone lands on their own first screen. */
export const load: PageServerLoad = ({ locals }) => {
	const role = locals.user?.role;
	if (!role) redirect(303, '/login');
	if (role === 'participant') redirect(303, '/me');
	if (role === 'admin') redirect(303, '/admin/staff');
	redirect(303, '/cohorts');
};
