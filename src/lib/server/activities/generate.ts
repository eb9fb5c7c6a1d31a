import type { BlockKind, ProgrammeBlock } from '#lib/server/db/schema.ts';
import { addDays, zonedInstant } from '#lib/server/cohorts/local-time.ts';

/** A programme's block as a new cohort's calendar is made from it: its row, with its skills. */
export interface BlockTemplate extends Pick<
	ProgrammeBlock,
	'id' | 'kind' | 'title' | 'day_offset' | 'start_time' | 'duration_minutes' | 'objectives' | 'optional'
> {
	skills: string[];
	/** Async blocks: the work handed to each cohort (absent on older callers: none). */
	instructions?: string;
	link?: string | null;
	due_offset_days?: number;
	/** Async blocks: the document each cohort's assignment gets a copy of. */
	attachment_id?: string | null;
}

/** The assignment an async block gives a new cohort: its instructions, link and due instant. */
export interface PlannedAssignment {
	instructions: string;
	link: string | null;
	dueAt: number;
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
	assignment: PlannedAssignment | null;
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
			skills: b.skills,
			assignment: plannedAssignment(b, startDate, timeZone)
		}))
		.sort((a, b) => a.startsAt - b.startsAt);
}

/** Last calendar day of a cohort: its start plus the programme's last day offset (a week if empty). */
export function cohortEndDate(blocks: Pick<BlockTemplate, 'day_offset'>[], startDate: string): string {
	const last = blocks.length ? Math.max(...blocks.map((b) => b.day_offset)) : 6;
	return addDays(startDate, last);
}

/**
 * The assignment of an async block that says what the work is (instructions or a link) or when it is due
 * (an offset), or that carries a document: due `due_offset_days` after the block's day, at the block's end time on that day, in the
 * club's time zone (0: at the block's end, as an activity without instructions). Without instructions, the
 * objectives stand in, as they do on an activity that has no assignment. Other blocks give none.
 */
export function plannedAssignment(b: BlockTemplate, startDate: string, timeZone: string): PlannedAssignment | null {
	const offset = b.due_offset_days ?? 0;
	if (b.kind !== 'async' || (!b.instructions && !b.link && !b.attachment_id && offset === 0)) return null;
	const dueDay = addDays(startDate, b.day_offset + offset);
	return {
		instructions: b.instructions || b.objectives,
		link: b.link || null,
		dueAt: zonedInstant(dueDay, b.start_time, timeZone) + b.duration_minutes * 60_000
	};
}
