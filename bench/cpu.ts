// CPU time read from Linux's /proc, for the benches that say what the machine spent.
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU seconds used so far by these processes (user + system), from /proc/<pid>/stat. */
export function cpuSeconds(pids: number[]): number {
	let total = 0;
	for (const pid of pids) {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		total += (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND; // utime, stime (fields 14 and 15)
	}
	return total;
}

/** The whole machine's ticks so far (all cores, from /proc/stat): busy (all but idle and iowait) and all. */
export function machineTicks(): { busy: number; all: number } {
	const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
	const all = fields.reduce((a, b) => a + b, 0);
	return { busy: all - fields[3] - fields[4], all };
}

/** The processes running a program of this name now (their /proc/<pid>/comm), e.g. every PostgreSQL backend. */
export function processesNamed(name: string): number[] {
	return readdirSync('/proc')
		.filter((entry) => /^\d+$/.test(entry))
		.filter((pid) => {
			try {
				return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === name;
			} catch {
				return false; // it ended meanwhile
			}
		})
		.map(Number);
}

/**
 * CPU seconds of the processes of these programs, now (cpuSeconds by name); one that ended since a first reading
 * took its time with it, so a reading is a floor.
 */
export function cpuSecondsOf(names: string[]): Map<number, number> {
	const seconds = new Map<number, number>();
	for (const pid of names.flatMap(processesNamed)) {
		try {
			seconds.set(pid, cpuSeconds([pid]));
		} catch {
			// it ended meanwhile
		}
	}
	return seconds;
}

/** CPU seconds spent between two readings of cpuSecondsOf (a process started in between counts from zero). */
export function cpuSecondsBetween(before: Map<number, number>, after: Map<number, number>): number {
	let total = 0;
	for (const [pid, seconds] of after) total += seconds - (before.get(pid) ?? 0);
	return total;
}
