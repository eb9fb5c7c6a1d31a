import type { Db } from '#lib/server/db/index.ts';
import { deliverPendingPushes, type VapidKeys } from './push.ts';
import { sendDueReminders } from './reminders.ts';
import { anonymiseExpiredOutcomes, runOutcomeJobs } from '#lib/server/outcomes/outcomes.ts';
import { pushMessage } from './text.ts';
import { clock } from '#lib/server/clock.ts';
import { startJobLoop } from '#lib/server/jobs/loop.ts';

/**
 * The background notifier: reminders whose time has come, follow-up checkpoints opened and closed
 * (outcomes), then web pushes of whatever is new; once an hour, the outcomes' retention rule.
 * With several app instances it runs on one at a time (a job lease, see jobs/loop.ts); reminders are
 * also deduplicated by key and pushes claimed atomically, should two ever overlap.
 */
export function startNotifier(db: Db, vapid: VapidKeys, everyMs: number, holder?: string): () => Promise<void> {
	let retainedAt = 0;
	return startJobLoop(db, {
		name: 'notifier',
		everyMs,
		runAtStart: true,
		holder,
		run: async () => {
			await sendDueReminders(db);
			// Follow-up checkpoints: "sans nouvelles" for the unanswered, a notice for the newly open.
			await runOutcomeJobs(db);
			// The retention rule needs no more than an hourly look (it is idempotent anyway).
			if (clock.now() - retainedAt > 3_600_000) {
				await anonymiseExpiredOutcomes(db, clock.now(), Number(process.env.OUTCOME_RETENTION_MONTHS ?? 24));
				retainedAt = clock.now();
			}
			await deliverPendingPushes(db, vapid, pushMessage);
		}
	});
}
