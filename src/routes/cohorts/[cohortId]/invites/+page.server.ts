import QRCode from 'qrcode';
import * as v from 'valibot';
import { createInvite, listInvites, revokeInvite } from '#lib/server/auth/invites.ts';
import { getCohort } from '#lib/server/cohorts/cohorts.ts';
import { inviteSchema } from '#lib/server/cohorts/schemas.ts';
import { formAction, loadData, requireActor } from '#lib/server/http/route.ts';
import { id } from '#lib/server/http/validation.ts';
import type { Actions, PageServerLoad } from './$types';

/** An invite's link and its QR code (an SVG the qrcode library draws from our own link). */
async function shareable(origin: string, token: string) {
	const link = `${origin}/invite/${token}`;
	return { link, qrSvg: await QRCode.toString(link, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' }) };
}

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return loadData(async () => {
		const listed = await listInvites(event.locals.db, actor, event.params.cohortId);
		const { cohort, timeZone } = await getCohort(event.locals.db, actor, event.params.cohortId);
		// Every active invite can be shown again (its token is kept while it is active, see invites.ts).
		const invites = await Promise.all(
			listed.map(async ({ token, ...invite }) => ({
				...invite,
				shared: token ? await shareable(event.url.origin, token) : null
			}))
		);
		return { cohort: { id: cohort.id, name: cohort.name, code: cohort.code }, invites, timeZone };
	});
};

export const actions: Actions = {
	create: (event) =>
		formAction(
			event,
			inviteSchema,
			'create',
			({ maxUses, validDays }, actor) =>
				createInvite(event.locals.db, actor, event.params.cohortId, { maxUses, validHours: validDays * 24 }),
			{
				after: async (created, _, form) => ({
					form,
					...(await shareable(event.url.origin, created.token)),
					expiresAt: created.expiresAt,
					maxUses: created.maxUses
				})
			}
		),
	revoke: (event) =>
		formAction(event, v.object({ inviteId: id }), 'revoke', (input, actor) =>
			revokeInvite(event.locals.db, actor, event.params.cohortId, input.inviteId)
		)
};
