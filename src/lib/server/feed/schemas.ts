import * as v from 'valibot';
import {
	checkbox,
	choice,
	clockTime,
	CONTROL_CHARACTERS,
	id,
	isoDate,
	requiredText,
	text
} from '#lib/server/http/validation.ts';

export const POST_KINDS = ['announcement', 'job_offer', 'event', 'reminder'] as const;

/**
 * What people write to each other (posts, comments). Unlike the house `text`, '<' and '>' are
 * accepted ("<3", "> 25 ans"): a message is stored as typed and always shown as text, never as markup.
 * Line breaks are kept (as \n, so the length counts them as the text area does).
 */
function message(max: number, required: boolean) {
	return v.pipe(
		v.string('form_invalid_type'),
		v.transform((s) => s.replace(/\r\n?/g, '\n').trim()),
		v.check((s) => !required || s.length > 0, 'form_required'),
		v.maxLength(max, `form_too_long|${max}`),
		v.check((s) => !CONTROL_CHARACTERS.test(s), 'harden_form_control_chars')
	);
}

/** An optional web address: http(s) only, so a `javascript:` link can never be stored. */
const link = v.pipe(
	text(500),
	v.check((s) => {
		if (s === '') return true;
		if (!/^https?:\/\//i.test(s)) return false;
		try {
			return !!new URL(s).hostname;
		} catch {
			return false;
		}
	}, 'feed_link_format')
);

/** Any kind reads as a choice (empty, unknown); the schema of one kind then holds that kind only. */
const kind = <K extends (typeof POST_KINDS)[number]>(k: K) =>
	v.pipe(choice(POST_KINDS), v.literal(k, 'form_invalid_choice'));
const POST_SCHEMAS = {
	announcement: v.object({ kind: kind('announcement'), body: message(2000, true) }),
	reminder: v.object({ kind: kind('reminder'), body: message(2000, true) }),
	job_offer: v.object({
		kind: kind('job_offer'),
		title: requiredText(120),
		body: message(2000, false),
		place: text(120),
		employer: text(120),
		contract: text(80),
		link
	}),
	event: v.object({
		kind: kind('event'),
		title: requiredText(120),
		body: message(2000, false),
		place: text(120),
		date: isoDate,
		time: clockTime
	})
};

/**
 * The post form's schema for the kind it says: each kind requires its own fields, and the fields
 * of other kinds (still on the page without JavaScript) are ignored. An unknown kind is checked
 * against the announcement's schema, which reports the kind itself.
 */
export function postSchema(kindValue: FormDataEntryValue | null) {
	const known = POST_KINDS.find((k) => k === kindValue);
	return POST_SCHEMAS[known ?? 'announcement'];
}

export type PostInput = v.InferOutput<(typeof POST_SCHEMAS)[keyof typeof POST_SCHEMAS]>;

export const commentSchema = v.object({ postId: id, body: message(1000, true) });

const flag = v.pipe(
	choice(['1', '0']),
	v.transform((s) => s === '1')
);
export const pinSchema = v.object({ postId: id, pinned: flag });
export const hidePostSchema = v.object({ postId: id, hidden: flag });
export const hideCommentSchema = v.object({ commentId: id, hidden: flag });
export const feedSettingsSchema = v.object({ participantsMayPost: checkbox });
