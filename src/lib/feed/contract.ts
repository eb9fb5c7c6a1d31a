/** What the feed's pages and the server agree on: the feed as one member sees it (feed/feed.ts getFeed). */
export type PostKind = 'announcement' | 'job_offer' | 'event' | 'reminder';

export interface FeedCommentView {
	id: string;
	body: string;
	createdAt: number;
	authorName: string;
	/** Hidden by a facilitator (only facilitators receive hidden comments). */
	hidden: boolean;
	byFacilitator: boolean;
	mine: boolean;
}

export interface FeedPostView {
	id: string;
	kind: PostKind;
	body: string;
	title: string | null;
	employer: string | null;
	contract: string | null;
	link: string | null;
	place: string | null;
	/** When an event takes place. */
	eventAt: number | null;
	pinned: boolean;
	/** Hidden by a facilitator (only facilitators receive hidden posts). */
	hidden: boolean;
	createdAt: number;
	authorName: string;
	byFacilitator: boolean;
	mine: boolean;
	comments: FeedCommentView[];
}
