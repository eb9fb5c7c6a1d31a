// The room page's tally of what its person did between two reports (pure logic, its own clock).
import { describe, expect, it } from 'vitest';
import { ParticipationTracker, REPORT_MAX_AGE_MS, REPORT_MAX_SPANS } from './participation.ts';

function tracker() {
	const clock = { t: 1_000 };
	return { clock, tally: new ParticipationTracker(() => clock.t) };
}

describe('ParticipationTracker', () => {
	it('reports stretches as milliseconds before the report, and cuts the ongoing ones there', () => {
		const { clock, tally } = tracker();
		tally.set('speaking', true);
		clock.t += 4_000;
		tally.set('speaking', false);
		tally.set('camera', true);
		clock.t += 1_000;
		tally.set('speaking', true);
		tally.set('speaking', true); // the same state again changes nothing
		clock.t += 2_000;
		tally.message();
		tally.message();
		expect(tally.take()?.report).toEqual({
			speaking: [
				[7_000, 3_000],
				[2_000, 0]
			],
			camera: [[3_000, 0]],
			messages: 2
		});
		// Both still on: the next report goes on from the cut.
		clock.t += 5_000;
		tally.stopAll();
		expect(tally.take()?.report).toEqual({ speaking: [[5_000, 0]], camera: [[5_000, 0]], messages: 0 });
		expect(tally.take()).toBeNull();
	});

	it('puts back a report that did not reach the server, to go with the next one', () => {
		const { clock, tally } = tracker();
		tally.set('speaking', true);
		clock.t += 3_000;
		tally.set('speaking', false);
		tally.message();
		const lost = tally.take();
		expect(lost).not.toBeNull();
		clock.t += 10_000;
		tally.putBack(lost!);
		tally.message();
		expect(tally.take()?.report).toEqual({ speaking: [[13_000, 10_000]], camera: [], messages: 2 });
	});

	it('keeps a report within what the server takes: recent stretches only, and not too many', () => {
		const { clock, tally } = tracker();
		for (let i = 0; i < REPORT_MAX_SPANS + 10; i++) {
			tally.set('speaking', true);
			clock.t += 100;
			tally.set('speaking', false);
			clock.t += 100;
		}
		const many = tally.take()!.report.speaking;
		expect(many).toHaveLength(REPORT_MAX_SPANS);
		// The newest are kept.
		expect(many.at(-1)).toEqual([200, 100]);

		tally.set('camera', true);
		clock.t += 1_000;
		tally.set('camera', false);
		clock.t += REPORT_MAX_AGE_MS;
		expect(tally.take()).toBeNull();
	});
});
