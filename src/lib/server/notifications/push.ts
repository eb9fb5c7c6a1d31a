import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import webPush from 'web-push';
import type { Db } from '#lib/server/db/index.ts';
import { newId } from '#lib/server/db/ids.ts';
import type { Actor } from '#lib/server/auth/policy.ts';

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
 * with the language its pushes are to be written in.
 */
export async function savePushSubscription(
	db: Db,
	actor: Actor,
	input: PushSubscriptionInput,
	locale: string,
	now = Date.now()
): Promise<void> {
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

/**
 * Pushes every notification not pushed yet to its person's subscriptions. The request to each push
 * service is built, encrypted (aes128gcm) and signed (VAPID) by web-push, and sent with fetch.
 * A push service answering 404/410 means the subscription is gone: it is deleted.
 * Notifications are marked pushed whatever happens: a phone that missed one still sees it in the app.
 */
export async function deliverPendingPushes(
	db: Db,
	vapid: VapidKeys,
	render: (kind: string, params: Record<string, string | number>, locale: string) => PushMessage | null,
	now = Date.now()
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
			const request = webPush.generateRequestDetails(
				{ endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } },
				JSON.stringify({ ...message, href: notification.href }),
				{ vapidDetails: vapid, TTL: 24 * 60 * 60, contentEncoding: 'aes128gcm', urgency: 'normal' }
			);
			let status: number;
			try {
				const res = await fetch(request.endpoint, {
					method: request.method,
					headers: request.headers as Record<string, string>,
					body: new Uint8Array(request.body),
					signal: AbortSignal.timeout(10_000)
				});
				status = res.status;
			} catch {
				status = 0;
			}
			if (status === 404 || status === 410) {
				await db.deleteFrom('push_subscription').where('id', '=', sub.id).execute();
			} else if (status >= 200 && status < 300) {
				sent++;
				await db
					.updateTable('push_subscription')
					.set({ last_sent_at: now, failures: 0 })
					.where('id', '=', sub.id)
					.execute();
			} else if (sub.failures + 1 >= MAX_FAILURES) {
				await db.deleteFrom('push_subscription').where('id', '=', sub.id).execute();
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
