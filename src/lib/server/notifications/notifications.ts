import type { Db } from '#lib/server/db/index.ts';
import { notFound } from '#lib/server/http/errors.ts';
import { newId } from '#lib/server/db/ids.ts';
import type { Actor } from '#lib/server/auth/policy.ts';
import { clock } from '#lib/server/clock.ts';

export interface NewNotification {
	userId: string;
	/** Names the message that renders it: `notification_<kind>` in the catalogue. */
	kind: string;
	/** Parameters of that message (names, titles, times as epoch ms). */
	params: Record<string, string | number>;
	/** A same-site path the notification leads to. */
	href: string;
	/** When set, a second notification with the same key is not created (reminders: once per person per rule). */
	dedupeKey?: string;
}

/**
 * Creates a notification for one person; returns its id, or null when its dedupe key was already
 * used. Delivery by web push happens afterwards (see push.ts), never inside the caller's transaction.
 */
export async function notify(db: Db, input: NewNotification, now = clock.now()): Promise<string | null> {
	const id = newId();
	const result = await db
		.insertInto('notification')
		.values({
			id,
			user_id: input.userId,
			kind: input.kind,
			params: JSON.stringify(input.params),
			href: input.href,
			dedupe_key: input.dedupeKey ?? null,
			created_at: now,
			read_at: null,
			pushed_at: null
		})
		.onConflict((oc) => oc.column('dedupe_key').doNothing())
		.executeTakeFirst();
	return Number(result.numInsertedOrUpdatedRows ?? 0) === 1 ? id : null;
}

/** My notifications, newest first. */
export async function listNotifications(db: Db, actor: Actor, limit = 50) {
	const rows = await db
		.selectFrom('notification')
		.select(['id', 'kind', 'params', 'href', 'created_at', 'read_at'])
		.where('user_id', '=', actor.id)
		.orderBy('created_at', 'desc')
		.limit(limit)
		.execute();
	return rows.map((r) => ({ ...r, params: JSON.parse(r.params) as Record<string, string | number> }));
}

export async function unreadCount(db: Db, actor: Actor): Promise<number> {
	const row = await db
		.selectFrom('notification')
		.select(({ fn }) => fn.countAll<number>().as('n'))
		.where('user_id', '=', actor.id)
		.where('read_at', 'is', null)
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

/** Marks my notifications read (all of them, or one). */
export async function markRead(db: Db, actor: Actor, notificationId: string | 'all', now = clock.now()): Promise<void> {
	let query = db
		.updateTable('notification')
		.set({ read_at: now })
		.where('user_id', '=', actor.id)
		.where('read_at', 'is', null);
	if (notificationId !== 'all') query = query.where('id', '=', notificationId);
	const result = await query.executeTakeFirst();
	if (notificationId === 'all' || Number(result.numUpdatedRows) === 1) return;
	// Someone else's notification (or none): say so rather than "saved" for a change that did not happen.
	const own = await db
		.selectFrom('notification')
		.select('id')
		.where('id', '=', notificationId)
		.where('user_id', '=', actor.id)
		.executeTakeFirst();
	if (!own) throw notFound(`notification ${notificationId} is not ${actor.id}'s`);
}
