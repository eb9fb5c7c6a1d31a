import { json } from '@sveltejs/kit';
import { DomainError } from '#lib/server/http/errors.ts';
import { livekit } from '#lib/server/livekit/config.ts';
import { ingestWebhook } from '#lib/server/livekit/webhook.ts';
import type { RequestHandler } from './$types';

/** LiveKit's webhooks: verified on the raw body, stored once, applied to presences and attendance. */
export const POST: RequestHandler = async ({ request, locals }) => {
	const lk = livekit();
	if (!lk) return json({ error: 'video is off' }, { status: 503 });
	try {
		const event = await ingestWebhook(
			locals.db,
			lk.webhooks,
			await request.text(),
			request.headers.get('authorization')
		);
		return json({ ok: true, id: event.id });
	} catch (e) {
		if (e instanceof DomainError) return json({ error: e.message }, { status: e.status });
		throw e;
	}
};
