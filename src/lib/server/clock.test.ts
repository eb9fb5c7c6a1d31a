import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

const T0 = Date.UTC(2026, 10, 30, 12, 0, 0);
const DAY = 86_400_000;

async function freshClock(file: string | undefined) {
	vi.resetModules();
	if (file === undefined) delete process.env.TEST_CLOCK_FILE;
	else process.env.TEST_CLOCK_FILE = file;
	return (await import('./clock.ts')).clock;
}

describe('the server clock', () => {
	afterEach(() => {
		vi.useRealTimers();
		delete process.env.TEST_CLOCK_FILE;
	});

	it('is the system clock when no test file is set', async () => {
		vi.useFakeTimers({ now: T0 });
		const clock = await freshClock(undefined);
		expect(clock.now()).toBe(T0);
		vi.setSystemTime(T0 + 5_000);
		expect(clock.now()).toBe(T0 + 5_000);
	});

	it('moves by the offset written in the test file, read again after 200 ms', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'tablee-clock-'));
		const file = join(dir, 'offset');
		try {
			vi.useFakeTimers({ now: T0 });
			const clock = await freshClock(file);
			expect(clock.now(), 'a missing file is no offset').toBe(T0);
			writeFileSync(file, String(91 * DAY));
			vi.setSystemTime(T0 + 100);
			expect(clock.now(), 'not read again within 200 ms').toBe(T0 + 100);
			vi.setSystemTime(T0 + 300);
			expect(clock.now()).toBe(T0 + 300 + 91 * DAY);
			writeFileSync(file, 'not a number');
			vi.setSystemTime(T0 + 600);
			expect(clock.now(), 'an unreadable offset is no offset').toBe(T0 + 600);
			writeFileSync(file, '0');
			vi.setSystemTime(T0 + 900);
			expect(clock.now()).toBe(T0 + 900);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
