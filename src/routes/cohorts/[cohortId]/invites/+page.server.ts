import QRCode from 'qrcode';
import * as v from 'valibot';
import { createInvite, listInvites, revokeInvite } from '#lib/server/auth/invites.ts';
import { getCohort } from '#lib/server/cohorts/cohorts.ts';
import { inviteSchema } from '#lib/server/cohorts/schemas.ts';
import { formAction, loadData, requireActor } from '#lib/server/http/route.ts';
import { id } from '#lib/server/http/validation.ts';
import type { Actions, PageServerLoad } from './$types';
import { clock } from '#lib/server/clock.ts';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return loadData(async () => {
		const invites = await listInvites(event.locals.db, actor, event.params.cohortId);
		const { cohort, timeZone } = await getCohort(event.locals.db, actor, event.params.cohortId);
		return { cohort: { id: cohort.id, name: cohort.name, code: cohort.code }, invites, now: clock.now(), timeZone };
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
				after: async (created, _, form) => {
					// The plain link exists only in this response: the database keeps its hash.
					const link = `${event.url.origin}/invite/${created.token}`;
					const qrSvg = await QRCode.toString(link, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
					return { form, link, qrSvg, expiresAt: created.expiresAt, maxUses: created.maxUses };
				}
			}
		),
	revoke: (event) =>
		formAction(event, v.object({ inviteId: id }), 'revoke', (input, actor) =>
			revokeInvite(event.locals.db, actor, event.params.cohortId, input.inviteId)
		)
};
