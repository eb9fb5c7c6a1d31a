import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import webPush from 'web-push';
import type { Db } from '#lib/server/db/index.ts';
import { newId } from '#lib/server/db/ids.ts';
import type { Actor } from '#lib/server/auth/policy.ts';
import { DomainError } from '#lib/server/http/errors.ts';
import { checkOutboundTarget, OutboundRefused, postOutbound, type OutboundOptions } from '#lib/server/http/outbound.ts';
import { clock } from '#lib/server/clock.ts';

export interface VapidKeys {
	publicKey: string;
	privateKey: string;
	/** Who push services may contact about our messages. */
	subject: string;
}

/**
 * The VAPID key pair: VAPID_PUBLIC_KEY/VAPID_PRIVATE_KEY when set (several app instances must share
 * one pair), else generated at first start and kept in `<dataDir>/vapid.json` (mode 0600).
 */
export function loadOrCreateVapidKeys(dataDir: string, env: NodeJS.ProcessEnv = process.env): VapidKeys {
	const subject = env.VAPID_SUBJECT ?? 'mailto:contact@tablee.invalid';
	if (env.VAPID_PUBLIC_KEY && env.VAPID_PRIVATE_KEY)
		return { publicKey: env.VAPID_PUBLIC_KEY, privateKey: env.VAPID_PRIVATE_KEY, subject };
	const file = join(dataDir, 'vapid.json');
	if (existsSync(file)) return { ...(JSON.parse(readFileSync(file, 'utf8')) as Omit<VapidKeys, 'subject'>), subject };
	mkdirSync(dataDir, { recursive: true });
	const keys = webPush.generateVAPIDKeys();
	writeFileSync(file, JSON.stringify(keys), { mode: 0o600, flag: 'wx' });
	return { ...keys, subject };
}

export interface PushSubscriptionInput {
	endpoint: string;
	keys: { p256dh: string; auth: string };
}

/**
 * Keeps this device's push subscription for the signed-in person (the same endpoint moves to them),
 * with the language its pushes are to be written in. An endpoint that is not a public https address
 * is refused (every push checks again when it connects).
 */
export async function savePushSubscription(
	db: Db,
	actor: Actor,
	input: PushSubscriptionInput,
	locale: string,
	now = clock.now(),
	outbound: OutboundOptions = {}
): Promise<void> {
	try {
		await checkOutboundTarget(input.endpoint, outbound);
	} catch (e) {
		if (e instanceof OutboundRefused) throw new DomainError(400, 'harden_push_endpoint_refused', e.message);
		throw e;
	}
	await db
		.insertInto('push_subscription')
		.values({
			id: newId(),
			user_id: actor.id,
			endpoint: input.endpoint,
			p256dh: input.keys.p256dh,
			auth: input.keys.auth,
			created_at: now,
			last_sent_at: null,
			failures: 0,
			locale
		})
		.onConflict((oc) =>
			oc
				.column('endpoint')
				.doUpdateSet({ user_id: actor.id, p256dh: input.keys.p256dh, auth: input.keys.auth, failures: 0, locale })
		)
		.execute();
}

export async function removePushSubscription(db: Db, actor: Actor, endpoint: string): Promise<void> {
	await db.deleteFrom('push_subscription').where('user_id', '=', actor.id).where('endpoint', '=', endpoint).execute();
}

/** What a phone shows for a notification: plain text, already in the person's language. */
export interface PushMessage {
	title: string;
	body: string;
}

/** A subscription left failing this many times in a row is dropped. */
const MAX_FAILURES = 5;

/** What became of one push. */
type Outcome = 'sent' | 'gone' | 'failed';

/**
 * Sends one push. Never throws: whatever goes wrong with one subscription (a key that cannot encrypt,
 * a refused address, a push service that does not answer) is that subscription's failure only, and
 * the batch goes on for everyone else.
 */
async function pushTo(
	sub: { endpoint: string; p256dh: string; auth: string },
	payload: string,
	vapid: VapidKeys,
	outbound: OutboundOptions
): Promise<Outcome> {
	let request: ReturnType<typeof webPush.generateRequestDetails>;
	try {
		request = webPush.generateRequestDetails(
			{ endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } },
			payload,
			{
				vapidDetails: vapid,
				TTL: 24 * 60 * 60,
				contentEncoding: 'aes128gcm',
				urgency: 'normal'
			}
		);
	} catch {
		// Keys no browser would give (wrong length, not a point of the curve): it can never work.
		return 'gone';
	}
	try {
		const { status } = await postOutbound(request.endpoint, request.headers, new Uint8Array(request.body ?? []), {
			...outbound,
			timeoutMs: 10_000
		});
		if (status === 404 || status === 410) return 'gone';
		return status >= 200 && status < 300 ? 'sent' : 'failed';
	} catch {
		// A refused address counts as a failure, not as gone: its name may resolve elsewhere tomorrow.
		return 'failed';
	}
}

/**
 * Pushes every notification not pushed yet to its person's subscriptions. The request to each push
 * service is built, encrypted (aes128gcm) and signed (VAPID) by web-push, and sent through
 * postOutbound (public https addresses only, no redirects, 10 s at most).
 * A push service answering 404/410, or keys that cannot encrypt, mean the subscription is gone: it is
 * deleted. Notifications are marked pushed whatever happens: a phone that missed one still sees it in
 * the app. `outbound` is for the data-layer test's stand-in push service on loopback: the app never
 * passes it, and no setting can make it.
 */
export async function deliverPendingPushes(
	db: Db,
	vapid: VapidKeys,
	render: (kind: string, params: Record<string, string | number>, locale: string) => PushMessage | null,
	now = clock.now(),
	outbound: OutboundOptions = {}
): Promise<number> {
	const pending = await db
		.selectFrom('notification')
		.select(['id', 'user_id', 'kind', 'params', 'href'])
		.where('pushed_at', 'is', null)
		.orderBy('created_at')
		.limit(200)
		.execute();
	let sent = 0;
	for (const notification of pending) {
		// Claimed atomically: with several app instances, only one pushes a given notification.
		const claimed = await db
			.updateTable('notification')
			.set({ pushed_at: now })
			.where('id', '=', notification.id)
			.where('pushed_at', 'is', null)
			.executeTakeFirst();
		if (Number(claimed.numUpdatedRows) !== 1) continue;
		const params = JSON.parse(notification.params);
		const subscriptions = await db
			.selectFrom('push_subscription')
			.selectAll()
			.where('user_id', '=', notification.user_id)
			.execute();
		for (const sub of subscriptions) {
			const message = render(notification.kind, params, sub.locale);
			if (!message) continue;
			const outcome = await pushTo(sub, JSON.stringify({ ...message, href: notification.href }), vapid, outbound);
			if (outcome === 'gone' || (outcome === 'failed' && sub.failures + 1 >= MAX_FAILURES)) {
				await db.deleteFrom('push_subscription').where('id', '=', sub.id).execute();
			} else if (outcome === 'sent') {
				sent++;
				await db
					.updateTable('push_subscription')
					.set({ last_sent_at: now, failures: 0 })
					.where('id', '=', sub.id)
					.execute();
			} else {
				await db
					.updateTable('push_subscription')
					.set({ failures: sub.failures + 1 })
					.where('id', '=', sub.id)
					.execute();
			}
		}
	}
	return sent;
}
