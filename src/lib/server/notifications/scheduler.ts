import type { Db } from '#lib/server/db/index.ts';
import { deliverPendingPushes, type VapidKeys } from './push.ts';
import { sendDueReminders } from './reminders.ts';
import { anonymiseExpiredOutcomes, runOutcomeJobs } from '#lib/server/outcomes/outcomes.ts';
import { pushMessage } from './text.ts';
import { clock } from '#lib/server/clock.ts';

/**
 * The background notifier: reminders whose time has come, follow-up checkpoints opened and closed
 * (outcomes), then web pushes of whatever is new; once an hour, the outcomes' retention rule.
 * Safe with several app instances (reminders are deduplicated by key, pushes claimed atomically).
 */
export function startNotifier(db: Db, vapid: VapidKeys, everyMs: number): () => void {
	let running = false;
	let retainedAt = 0;
	const tick = async () => {
		if (running) return;
		running = true;
		try {
			await sendDueReminders(db);
			// Follow-up checkpoints: "sans nouvelles" for the unanswered, a notice for the newly open.
			await runOutcomeJobs(db);
			// The retention rule needs no more than an hourly look (it is idempotent anyway).
			if (clock.now() - retainedAt > 3_600_000) {
				await anonymiseExpiredOutcomes(db, clock.now(), Number(process.env.OUTCOME_RETENTION_MONTHS ?? 24));
				retainedAt = clock.now();
			}
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
