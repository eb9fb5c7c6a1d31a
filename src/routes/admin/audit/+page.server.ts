import { auditLog } from '#lib/server/privacy/audit-log.ts';
import { auditLogFilterSchema } from '#lib/server/privacy/schemas.ts';
import { requireAuditReader } from '#lib/server/auth/policy.ts';
import { loadData, requireActor, translateErrors } from '#lib/server/http/route.ts';
import { parseForm } from '#lib/server/http/validation.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return loadData(async () => {
		requireAuditReader(actor);
		// The filters travel in the address (a GET form: links and the back button keep them).
		const parsed = parseForm(auditLogFilterSchema, Object.fromEntries(event.url.searchParams));
		const filter = parsed.ok ? parsed.data : { person: '', actor: '', from: '', to: '', page: 1 };
		return {
			log: await auditLog(event.locals.db, actor, filter),
			filter,
			values: parsed.values,
			errors: parsed.ok ? {} : translateErrors(parsed.errors)
		};
	});
};
