// Checkpoint windows are counted in the club's calendar days: a daylight-saving change between the
// cohort's end and a checkpoint moves nothing by an hour.
import { describe, expect, it } from 'vitest';
import { checkpointWindow, DEFAULT_FOLLOW_UP, windowState } from './schedule.ts';

const PARIS = 'Europe/Paris';

describe('checkpoint windows', () => {
	it('opens +91 and +182 days after the end date, at midnight in Paris, across the autumn change', () => {
		// Ends in summer time (UTC+2); +91 days is 14 November, in winter time (UTC+1).
		const m3 = checkpointWindow('m3', '2026-08-15', DEFAULT_FOLLOW_UP, PARIS);
		expect(m3).toMatchObject({ opensOn: '2026-11-14', closesOn: '2026-12-14' });
		expect(m3.opensAt).toBe(Date.parse('2026-11-13T23:00:00Z'));
		expect(m3.closesAt).toBe(Date.parse('2026-12-13T23:00:00Z'));
		const m6 = checkpointWindow('m6', '2026-08-15', DEFAULT_FOLLOW_UP, PARIS);
		expect(m6.opensOn).toBe('2027-02-13');
		expect(m6.opensAt).toBe(Date.parse('2027-02-12T23:00:00Z'));
	});

	it('across the spring change too, and with a programme’s own calendar', () => {
		const w = checkpointWindow('m3', '2026-12-20', { m3Days: 90, m6Days: 180, windowDays: 14 }, PARIS);
		expect(w).toMatchObject({ opensOn: '2027-03-20', closesOn: '2027-04-03' });
		expect(w.opensAt).toBe(Date.parse('2027-03-19T23:00:00Z'));
		// 3 April 2027 is in summer time: midnight is 22:00 UTC.
		expect(w.closesAt).toBe(Date.parse('2027-04-02T22:00:00Z'));
	});

	it('is open from its first instant until just before it closes', () => {
		const w = checkpointWindow('m3', '2026-08-15', DEFAULT_FOLLOW_UP, PARIS);
		expect(windowState(w, w.opensAt - 1)).toBe('not_yet');
		expect(windowState(w, w.opensAt)).toBe('open');
		expect(windowState(w, w.closesAt - 1)).toBe('open');
		expect(windowState(w, w.closesAt)).toBe('closed');
	});

	it('keeps the exit open for corrections from the exit (or the end) for the window', () => {
		expect(checkpointWindow('exit', '2026-08-15', DEFAULT_FOLLOW_UP, PARIS, '2026-07-30')).toMatchObject({
			opensOn: '2026-07-30',
			closesOn: '2026-09-14'
		});
		expect(checkpointWindow('exit', '2026-08-15', DEFAULT_FOLLOW_UP, PARIS, '2026-08-20')).toMatchObject({
			opensOn: '2026-08-15',
			closesOn: '2026-09-19'
		});
	});
});
