import type { Db } from '#lib/server/db/index.ts';
import { deliverPendingPushes, type VapidKeys } from './push.ts';
import { sendDueReminders } from './reminders.ts';
import { pushMessage } from './text.ts';

/**
 * The background notifier: reminders whose time has come, then web pushes of whatever is new.
 * Safe with several app instances (reminders are deduplicated by key, pushes claimed atomically).
 */
export function startNotifier(db: Db, vapid: VapidKeys, everyMs: number): () => void {
	let running = false;
	const tick = async () => {
		if (running) return;
		running = true;
		try {
			await sendDueReminders(db);
			await deliverPendingPushes(db, vapid, pushMessage);
		} catch (e) {
			console.error('notifier failed', e);
		} finally {
			running = false;
		}
	};
	const timer = setInterval(() => void tick(), everyMs);
	timer.unref();
	void tick();
	return () => clearInterval(timer);
}
