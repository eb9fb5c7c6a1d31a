import type { Generated } from 'kysely';

/** Tables of the cohort feed and the contact log (migration 0004-feed). */
export type FeedPostKind = 'announcement' | 'job_offer' | 'event' | 'reminder';
export type ContactChannel = 'phone' | 'sms' | 'email' | 'in_person';

export interface FeedPostTable {
	id: string;
	cohort_id: string;
	author_id: string;
	kind: FeedPostKind;
	/** Plain text, shown as text (never as markup). Empty for a job offer or an event that says it all in its fields. */
	body: string;
	/** Job offer: the job; event: its name. */
	title: string | null;
	/** Job offer only. */
	employer: string | null;
	contract: string | null;
	/** Job offer only: an http(s) address. */
	link: string | null;
	/** Job offer or event. */
	place: string | null;
	/** Event only. */
	event_at: number | null;
	pinned: number;
	/** Hidden by a facilitator of the cohort: kept for the record, shown to facilitators only. */
	hidden_at: number | null;
	hidden_by: string | null;
	created_at: number;
}

export interface FeedCommentTable {
	id: string;
	post_id: string;
	author_id: string;
	body: string;
	created_at: number;
	hidden_at: number | null;
	hidden_by: string | null;
}

/** A member named with `@Prénom` in a post (comment_id null) or in one of its comments. */
export interface MentionTable {
	id: string;
	post_id: string;
	comment_id: string | null;
	user_id: string;
	created_at: number;
}

/** A contact a facilitator made outside the app with a participant (phone, SMS, e-mail, in person). */
export interface ContactLogTable {
	id: string;
	cohort_id: string;
	participant_id: string;
	facilitator_id: string;
	channel: ContactChannel;
	/** When the contact happened. */
	at: number;
	note: string;
	created_at: number;
}

export interface FeedTables {
	feed_post: FeedPostTable;
	feed_comment: FeedCommentTable;
	mention: MentionTable;
	contact_log: ContactLogTable;
}

// The cohort's "participants may post" setting is a column of `cohort` added by 0004-feed; it is
// declared here so that schema.ts stays as the foundation left it.
declare module './schema.ts' {
	interface CohortTable {
		/** 1: participants may post in the feed too (facilitators always may). */
		participants_may_post: Generated<number>;
	}
}
