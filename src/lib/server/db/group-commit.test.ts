// The grouping of writes (pure logic: `write` here records its groups instead of writing them).
import { describe, expect, it } from 'vitest';
import type { Db } from './index.ts';
import { groupCommit } from './group-commit.ts';

const database = (isTransaction = false) => ({ isTransaction }) as unknown as Db;

describe('groupCommit', () => {
	it('writes the first item at once, then everything that arrived meanwhile as one group, in order', async () => {
		const groups: number[][] = [];
		const store = groupCommit(async (_db, items: number[]) => {
			groups.push(items);
			await new Promise((resolve) => setTimeout(resolve, 5));
			return items.map((i) => i * 10);
		});
		const db = database();
		const outs = await Promise.all([1, 2, 3, 4, 5].map((i) => store(db, i)));
		expect(outs).toEqual([10, 20, 30, 40, 50]);
		expect(groups).toEqual([[1], [2, 3, 4, 5]]);
	});

	it('keeps each database apart and groups no more than maxGroup items', async () => {
		const groups: string[][] = [];
		const store = groupCommit(async (_db, items: string[]) => {
			groups.push(items);
			await Promise.resolve();
			return items;
		}, 2);
		const [a, b] = [database(), database()];
		await Promise.all(['a1', 'a2', 'a3', 'a4'].map((i) => store(a, i)).concat(store(b, 'b1')));
		expect(groups).toEqual([['a1'], ['b1'], ['a2', 'a3'], ['a4']]);
	});

	it('writes a failed group again one item at a time, so that only the item at fault fails', async () => {
		const groups: string[][] = [];
		const store = groupCommit(async (_db, items: string[]) => {
			groups.push(items);
			await new Promise((resolve) => setTimeout(resolve, 1));
			if (items.includes('bad')) throw new Error('refused');
			return items.map((i) => i.toUpperCase());
		});
		const db = database();
		const outs = await Promise.allSettled(['first', 'x', 'bad', 'y'].map((i) => store(db, i)));
		expect(outs.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as Error).message))).toEqual([
			'FIRST',
			'X',
			'refused',
			'Y'
		]);
		expect(groups).toEqual([['first'], ['x', 'bad', 'y'], ['x'], ['bad'], ['y']]);
	});

	it('writes at once inside a transaction already open', async () => {
		const groups: number[][] = [];
		const store = groupCommit(async (_db, items: number[]) => {
			groups.push(items);
			await Promise.resolve();
			return items;
		});
		const trx = database(true);
		await Promise.all([1, 2, 3].map((i) => store(trx, i)));
		expect(groups).toEqual([[1], [2], [3]]);
	});
});
