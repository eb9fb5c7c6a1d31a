import type { Db } from './index.ts';

/**
 * Writes that come many at a time (LiveKit's webhooks as a session begins: one per person joining) share
 * transactions: `write(db, items)` stores a group of items in one transaction and says what became of each,
 * in order. While one group is being written, the items that arrive wait, and the next group takes them all
 * (up to `maxGroup`): one item alone when there is no rush, larger groups the more come at once, so each
 * item pays less for its transaction and for what its group settles once.
 *
 * A group that fails (a deadlock with another app instance, an item the database refuses) is written again
 * one item at a time, so that only the item at fault fails. Through a transaction already open (`db` is
 * one), the item is written at once, inside it.
 */
export function groupCommit<I, O>(
	write: (db: Db, items: I[]) => Promise<O[]>,
	maxGroup = 64
): (db: Db, item: I) => Promise<O> {
	interface Waiting {
		item: I;
		resolve: (out: O) => void;
		reject: (error: unknown) => void;
	}
	const queues = new WeakMap<Db, { waiting: Waiting[]; busy: boolean }>();

	const writeOne = async (db: Db, item: I) => (await write(db, [item]))[0];

	const drain = async (db: Db, queue: { waiting: Waiting[]; busy: boolean }) => {
		queue.busy = true;
		while (queue.waiting.length) {
			const group = queue.waiting.splice(0, maxGroup);
			try {
				const outs = await write(
					db,
					group.map((w) => w.item)
				);
				group.forEach((w, i) => w.resolve(outs[i]));
			} catch (error) {
				if (group.length === 1) group[0].reject(error);
				else for (const w of group) await writeOne(db, w.item).then(w.resolve, w.reject);
			}
		}
		queue.busy = false;
	};

	return (db, item) => {
		if (db.isTransaction) return writeOne(db, item);
		let queue = queues.get(db);
		if (!queue) queues.set(db, (queue = { waiting: [], busy: false }));
		const done = new Promise<O>((resolve, reject) => queue.waiting.push({ item, resolve, reject }));
		if (!queue.busy) void drain(db, queue);
		return done;
	};
}
