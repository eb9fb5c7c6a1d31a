import QRCode from 'qrcode';
import * as v from 'valibot';
import { createInvite, listInvites, revokeInvite } from '#lib/server/auth/invites.ts';
import { getCohort, organisationTimeZone } from '#lib/server/cohorts/cohorts.ts';
import { inviteSchema } from '#lib/server/cohorts/schemas.ts';
import { act, invalid, loadData, requireActor } from '#lib/server/http/route.ts';
import { id, parseForm } from '#lib/server/http/validation.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return loadData(async () => {
		const invites = await listInvites(event.locals.db, actor, event.params.cohortId);
		const { cohort } = await getCohort(event.locals.db, actor, event.params.cohortId);
		return {
			cohort: { id: cohort.id, name: cohort.name, code: cohort.code },
			invites,
			now: Date.now(),
			timeZone: await organisationTimeZone(event.locals.db, cohort.organisation_id)
		};
	});
};

export const actions: Actions = {
	create: async (event) => {
		const actor = requireActor(event);
		const parsed = parseForm(inviteSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed, 'create');
		const created = await act(
			() =>
				createInvite(event.locals.db, actor, event.params.cohortId, {
					maxUses: parsed.data.maxUses,
					validHours: parsed.data.validDays * 24
				}),
			parsed.values,
			'create'
		);
		if (!created.ok) return created.failure;
		// The plain link exists only in this response: the database keeps its hash.
		const link = `${event.url.origin}/invite/${created.value.token}`;
		const qrSvg = await QRCode.toString(link, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
		return { form: 'create', link, qrSvg, expiresAt: created.value.expiresAt, maxUses: created.value.maxUses };
	},
	revoke: async (event) => {
		const actor = requireActor(event);
		const parsed = parseForm(v.object({ inviteId: id }), await event.request.formData());
		if (!parsed.ok) return invalid(parsed, 'revoke');
		const done = await act(
			() => revokeInvite(event.locals.db, actor, event.params.cohortId, parsed.data.inviteId),
			parsed.values,
			'revoke'
		);
		return done.ok ? { form: 'revoke', saved: true } : done.failure;
	}
};
