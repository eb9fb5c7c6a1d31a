// Where the browser suite's wall time goes: after the run, one line per worker slot (its time in cases, and
// outside them: a worker starting, beforeAll hooks, which Playwright counts in no case, or nothing to do), then
// the longest stretches outside cases with the case that followed each. Printed only; it asserts nothing
// (tests never judge wall-clock time).
import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';

interface Span {
	slot: number;
	start: number;
	end: number;
	title: string;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export default class TimelineReporter implements Reporter {
	private began = Date.now();
	private spans: Span[] = [];

	onBegin() {
		this.began = Date.now();
	}

	onTestEnd(test: TestCase, result: TestResult) {
		const start = result.startTime.getTime();
		const [, project, file] = test.titlePath();
		this.spans.push({
			slot: result.parallelIndex,
			start,
			end: start + result.duration,
			title: `[${project}] ${file} › ${test.title}`
		});
	}

	onEnd(result: FullResult) {
		if (!this.spans.length) return;
		const ended = this.began + result.duration;
		const firstStart = Math.min(...this.spans.map((s) => s.start));
		const lines = [
			`\n--- timeline: ${seconds(result.duration)} in all, ${seconds(firstStart - this.began)} before the first case`
		];
		const gaps: { ms: number; slot: number; before: string }[] = [];
		for (const slot of [...new Set(this.spans.map((s) => s.slot))].sort((a, b) => a - b)) {
			const spans = this.spans.filter((s) => s.slot === slot).sort((a, b) => a.start - b.start);
			let busy = 0; // time in cases
			let last = firstStart;
			for (const s of spans) {
				busy += s.end - s.start;
				if (s.start - last > 1000) gaps.push({ ms: s.start - last, slot, before: s.title });
				last = Math.max(last, s.end);
			}
			lines.push(
				`  worker slot ${slot}: ${spans.length} cases, in cases ${seconds(busy)}, ` +
					`outside cases ${seconds(ended - firstStart - busy)} (${seconds(ended - last)} of it after its last case)`
			);
		}
		gaps.sort((a, b) => b.ms - a.ms);
		for (const g of gaps.slice(0, 8))
			lines.push(`  ${seconds(g.ms)} outside cases on slot ${g.slot}, before ${g.before}`);
		console.log(lines.join('\n'));
	}

	printsToStdio() {
		return false;
	}
}
