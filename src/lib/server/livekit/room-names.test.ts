import { describe, expect, it } from 'vitest';
import { activityRoomName, breakoutRoomName, parseRoomName, salonRoomName } from './room-names.ts';

const id = 'abcdefghijklmnop';

describe('room names', () => {
	it('lead back to the activity, its breakout group, or the cohort salon', () => {
		expect(parseRoomName(activityRoomName(id))).toEqual({ kind: 'activity', activityId: id, group: null });
		expect(parseRoomName(breakoutRoomName(id, 3))).toEqual({ kind: 'activity', activityId: id, group: 3 });
		expect(parseRoomName(salonRoomName(id))).toEqual({ kind: 'salon', cohortId: id });
	});
	it('refuse anything else', () => {
		for (const name of [
			'',
			'activity-',
			`activity-${id}~g0`,
			`activity-${id}x`,
			`salon-${id}~g1`,
			`other-${id}`,
			`activity-ABCDEFGHIJKLMNOP`
		]) {
			expect(parseRoomName(name), name).toBeNull();
		}
	});
});
