import { readFileSync } from 'node:fs';

/**
 * The server's "now", in milliseconds since the epoch. Every domain function that needs the time takes a `now`
 * parameter defaulting to `clock.now()`, so that one place decides what time it is.
 *
 * In production this is the system clock. The end-to-end test server sets TEST_CLOCK_FILE: that file holds an offset
 * in milliseconds, which a browser spec writes to move the whole server forward ("91 days later") and then back
 * (issue 12, acceptance 1). The file is read again at most every 200 ms; a missing or unreadable file is offset 0.
 */
const clockFile = process.env.TEST_CLOCK_FILE || null;
const REREAD_MS = 200;
let offset = 0;
let readAt = -Infinity;

function currentOffset(): number {
	const real = Date.now();
	if (real - readAt < REREAD_MS) return offset;
	readAt = real;
	try {
		const value = Number(readFileSync(clockFile as string, 'utf8').trim());
		offset = Number.isFinite(value) ? value : 0;
	} catch {
		offset = 0;
	}
	return offset;
}

export const clock = {
	now: clockFile ? () => Date.now() + currentOffset() : () => Date.now()
};
