import * as v from 'valibot';
import { MAX_TEXT } from '#lib/assignments/rules.ts';
import { checkbox, choice, clockTime, id, integer, requiredText, text, webLink } from '#lib/server/http/validation.ts';

export const BLOCK_KINDS = ['live', 'in_person', 'async', 'informal'] as const;
/** The longest programme: a day number goes from 1 (the first day) to this. */
export const LAST_DAY = 366;
/** How long after its day an async block's work may be due. */
export const MAX_DUE_OFFSET_DAYS = 60;

/** A programme's longest title (a copy's title is cut to fit it too). */
export const TITLE_MAX = 120;

export const programmeSchema = v.object({
	title: requiredText(TITLE_MAX),
	description: text(2000)
});

/**
 * A block as the editor types it. The day is a day number, as shown ("Jour 1" = the first day); the
 * domain and the database keep a 0-based day offset (what a cohort's dates are computed from), so the
 * schema converts at the boundary. Instructions, link and due offset belong to async blocks; the domain
 * drops them for any other kind.
 */
const blockEntries = {
	kind: choice(BLOCK_KINDS),
	title: requiredText(120),
	day: integer(1, LAST_DAY),
	startTime: clockTime,
	durationMinutes: integer(5, 600),
	objectives: text(1000),
	optional: checkbox,
	instructions: text(MAX_TEXT),
	link: webLink(500),
	// Left empty (or on a kind that has no due date), it is 0: due at the block's end.
	dueOffsetDays: v.pipe(
		v.string('form_invalid_type'),
		v.transform((s) => s.trim() || '0'),
		integer(0, MAX_DUE_OFFSET_DAYS)
	),
	// The block's document is sent as a file (uploads/receive.ts); this lets the one it has go.
	removeAttachment: checkbox,
	skills: v.array(v.pipe(v.string(), v.regex(/^[a-z_]{2,40}$/, 'form_invalid_choice')), 'form_invalid_choice')
};
const toBlockInput = <T extends { day: number }>({ day, ...rest }: T) => ({ ...rest, dayOffset: day - 1 });

export const blockSchema = v.pipe(v.object(blockEntries), v.transform(toBlockInput));
export const blockUpdateSchema = v.pipe(v.object({ ...blockEntries, blockId: id }), v.transform(toBlockInput));

export const BLOCK_MOVES = ['up', 'down'] as const;
export const moveBlockSchema = v.object({ blockId: id, direction: choice(BLOCK_MOVES) });
export const duplicateSchema = v.object({ programmeId: id });

export type ProgrammeInput = v.InferOutput<typeof programmeSchema>;
type AsyncWork = 'instructions' | 'link' | 'dueOffsetDays' | 'removeAttachment';
/** A block for the domain; the async work is optional for callers that build blocks in code (seeds, tests). */
export type BlockInput = Omit<v.InferOutput<typeof blockSchema>, AsyncWork> &
	Partial<Pick<v.InferOutput<typeof blockSchema>, AsyncWork>>;
export type BlockMove = (typeof BLOCK_MOVES)[number];
