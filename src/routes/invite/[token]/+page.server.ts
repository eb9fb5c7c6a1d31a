import { redirect } from '@sveltejs/kit';
import { inspectInvite, redeemInvite } from '#lib/server/auth/invites.ts';
import { joinSchema } from '#lib/server/auth/schemas.ts';
import { openSession, publicFormAction, refuse, translate } from '#lib/server/http/route.ts';
import type { Actions, PageServerLoad } from './$types';

const TOKEN = /^[a-z2-7]{16}$/;
const statusMessage = {
	unknown: 'invite_unknown',
	expired: 'invite_expired',
	used: 'invite_used',
	revoked: 'invite_revoked'
} as const;

export const load: PageServerLoad = async ({ locals, params }) => {
	const invite = TOKEN.test(params.token)
		? await inspectInvite(locals.db, params.token)
		: { status: 'unknown' as const };
	return {
		status: invite.status,
		problem: invite.status === 'valid' ? null : translate(statusMessage[invite.status]),
		cohortName: invite.status === 'valid' ? invite.cohortName : null,
		cohortCode: invite.status === 'valid' ? invite.cohortCode : null
	};
};

export const actions: Actions = {
	default: async (event) => {
		if (!TOKEN.test(event.params.token)) return refuse(404, 'invite_unknown', {});
		return publicFormAction(
			event,
			joinSchema,
			undefined,
			(input) => redeemInvite(event.locals.db, event.params.token, input),
			{
				after: async ({ userId }) => {
					await openSession(event, userId);
					redirect(303, '/me?welcome=1');
				}
			}
		);
	}
};
