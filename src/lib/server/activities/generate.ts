import type { BlockKind } from '#lib/server/db/schema.ts';
import { addDays, zonedInstant } from '#lib/server/cohorts/local-time.ts';

export interface BlockTemplate {
	id: string;
	kind: BlockKind;
	title: string;
	day_offset: number;
	start_time: string;
	duration_minutes: number;
	objectives: string;
	optional: number;
	skills: string[];
}

export interface PlannedActivity {
	blockId: string;
	kind: BlockKind;
	title: string;
	startsAt: number;
	durationMinutes: number;
	objectives: string;
	optional: boolean;
	skills: string[];
}

/** A cohort's dated activities from its programme's blocks: day offsets counted from the start date, in the club's time zone. */
export function planActivities(blocks: BlockTemplate[], startDate: string, timeZone: string): PlannedActivity[] {
	return blocks
		.map((b) => ({
			blockId: b.id,
			kind: b.kind,
			title: b.title,
			startsAt: zonedInstant(addDays(startDate, b.day_offset), b.start_time, timeZone),
			durationMinutes: b.duration_minutes,
			objectives: b.objectives,
			optional: b.optional === 1,
			skills: b.skills
		}))
		.sort((a, b) => a.startsAt - b.startsAt);
}

/** Last calendar day of a cohort: its start plus the programme's last day offset (a week if empty). */
export function cohortEndDate(blocks: Pick<BlockTemplate, 'day_offset'>[], startDate: string): string {
	const last = blocks.length ? Math.max(...blocks.map((b) => b.day_offset)) : 6;
	return addDays(startDate, last);
}
