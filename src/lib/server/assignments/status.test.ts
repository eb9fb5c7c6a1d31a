import { describe, expect, it } from 'vitest';
import { assignmentState, byUrgency, latestBy, maySubmit } from './status.ts';

const due = Date.parse('2026-11-20T17:00:00Z');

describe('assignment states', () => {
	it('reads nothing sent as to do, then late once the due date passed', () => {
		expect(assignmentState(undefined, due, due - 1)).toBe('todo');
		expect(assignmentState(undefined, due, due)).toBe('todo');
		expect(assignmentState(undefined, due, due + 1)).toBe('late');
	});

	it('follows the latest version: sent, reviewed, asked again', () => {
		expect(assignmentState({ status: 'submitted', submitted_at: due + 5 }, due, due + 10)).toBe('sent');
		expect(assignmentState({ status: 'reviewed', submitted_at: due }, due, due)).toBe('reviewed');
		expect(assignmentState({ status: 'changes_requested', submitted_at: due }, due, due)).toBe('redo');
	});

	it('lets a participant send a first version, or a new one only when asked', () => {
		expect(maySubmit(undefined)).toBe(true);
		expect(maySubmit({ status: 'changes_requested', submitted_at: 0 })).toBe(true);
		expect(maySubmit({ status: 'submitted', submitted_at: 0 })).toBe(false);
		expect(maySubmit({ status: 'reviewed', submitted_at: 0 })).toBe(false);
	});

	it('keeps the latest version per person and puts what needs doing first', () => {
		const latest = latestBy(
			[
				{ user: 'a', version: 1 },
				{ user: 'b', version: 1 },
				{ user: 'a', version: 2 }
			],
			(r) => r.user
		);
		expect([...latest.entries()]).toEqual([
			['a', { user: 'a', version: 2 }],
			['b', { user: 'b', version: 1 }]
		]);
		const items = [
			{ state: 'reviewed' as const, dueAt: 1 },
			{ state: 'todo' as const, dueAt: 9 },
			{ state: 'todo' as const, dueAt: 5 },
			{ state: 'redo' as const, dueAt: 20 },
			{ state: 'late' as const, dueAt: 2 }
		];
		expect(items.sort(byUrgency).map((i) => `${i.state}${i.dueAt}`)).toEqual([
			'redo20',
			'late2',
			'todo5',
			'todo9',
			'reviewed1'
		]);
	});
});
