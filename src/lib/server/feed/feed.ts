import type { Db } from '#lib/server/db/index.ts';
import { newId } from '#lib/server/db/ids.ts';
import type { Cohort } from '#lib/server/db/schema.ts';
import { DomainError, forbidden, notFound } from '#lib/server/http/errors.ts';
import { requireCohortFacilitator, requireCohortMember, type Actor } from '#lib/server/auth/policy.ts';
import { organisationTimeZone } from '#lib/server/cohorts/cohorts.ts';
import { zonedInstant } from '#lib/server/cohorts/local-time.ts';
import { notify } from '#lib/server/notifications/notifications.ts';
import type { FeedChange, FeedPublisher } from '#lib/server/live/bus.ts';
import { findMentions } from './mentions.ts';
import type { PostInput } from './schemas.ts';
import type { FeedPostView } from '#lib/feed/contract.ts';
import { recordObservedEvidence } from '#lib/server/skills/evidence.ts';
import { clock } from '#lib/server/clock.ts';

/** How many posts the feed shows (pinned ones always, on top of these). */
export const FEED_LIMIT = 50;

/** The feed as one member may see it: pinned posts first, then the newest; hidden posts and comments for facilitators only. */
export async function getFeed(db: Db, actor: Actor, cohortId: string, limit = FEED_LIMIT) {
	const { cohort, access } = await requireCohortMember(db, actor, cohortId);
	const moderator = access === 'facilitator';
	const timeZone = await organisationTimeZone(db, cohort.organisation_id);
	const postColumns = [
		'feed_post.id',
		'feed_post.kind',
		'feed_post.body',
		'feed_post.title',
		'feed_post.employer',
		'feed_post.contract',
		'feed_post.link',
		'feed_post.place',
		'feed_post.event_at',
		'feed_post.pinned',
		'feed_post.hidden_at',
		'feed_post.created_at',
		'feed_post.author_id',
		'user.first_name as authorName'
	] as const;
	const posts = async (pinned: 0 | 1) => {
		let query = db
			.selectFrom('feed_post')
			.innerJoin('user', 'user.id', 'feed_post.author_id')
			.select(postColumns)
			.select((eb) =>
				eb
					.selectFrom('cohort_member')
					.select('cohort_member.role')
					.whereRef('cohort_member.user_id', '=', 'feed_post.author_id')
					.where('cohort_member.cohort_id', '=', cohortId)
					.as('authorRole')
			)
			.where('feed_post.cohort_id', '=', cohortId)
			.where('feed_post.pinned', '=', pinned);
		if (!moderator) query = query.where('feed_post.hidden_at', 'is', null);
		query = query.orderBy('feed_post.created_at', 'desc').orderBy('feed_post.id');
		return (pinned ? query : query.limit(limit)).execute();
	};
	const rows = [...(await posts(1)), ...(await posts(0))];
	const ids = rows.map((p) => p.id);
	let comments = ids.length
		? await db
				.selectFrom('feed_comment')
				.innerJoin('user', 'user.id', 'feed_comment.author_id')
				.select([
					'feed_comment.id',
					'feed_comment.post_id',
					'feed_comment.body',
					'feed_comment.created_at',
					'feed_comment.hidden_at',
					'feed_comment.author_id',
					'user.first_name as authorName'
				])
				.where('feed_comment.post_id', 'in', ids)
				.orderBy('feed_comment.created_at')
				.orderBy('feed_comment.id')
				.execute()
		: [];
	if (!moderator) comments = comments.filter((c) => c.hidden_at === null);
	const facilitators = new Set(
		(
			await db
				.selectFrom('cohort_member')
				.select('user_id')
				.where('cohort_id', '=', cohortId)
				.where('role', '=', 'facilitator')
				.execute()
		).map((m) => m.user_id)
	);
	return {
		cohort: { id: cohort.id, name: cohort.name, participantsMayPost: cohort.participants_may_post === 1 },
		access,
		timeZone,
		canPost: moderator || cohort.participants_may_post === 1,
		posts: rows.map((p): FeedPostView => ({
			id: p.id,
			kind: p.kind,
			body: p.body,
			title: p.title,
			employer: p.employer,
			contract: p.contract,
			link: p.link,
			place: p.place,
			eventAt: p.event_at,
			pinned: p.pinned === 1,
			hidden: p.hidden_at !== null,
			createdAt: p.created_at,
			authorName: p.authorName,
			byFacilitator: p.authorRole === 'facilitator',
			mine: p.author_id === actor.id,
			comments: comments
				.filter((c) => c.post_id === p.id)
				.map((c) => ({
					id: c.id,
					body: c.body,
					createdAt: c.created_at,
					authorName: c.authorName,
					hidden: c.hidden_at !== null,
					byFacilitator: facilitators.has(c.author_id),
					mine: c.author_id === actor.id
				}))
		}))
	};
}

/** Tells the open pages; the write is already saved, so a failed notice is logged, never thrown. */
async function announce(live: FeedPublisher, change: FeedChange) {
	try {
		await live.publish(change);
	} catch (e) {
		console.error(`feed change ${change.change} of post ${change.postId} not announced`, e);
	}
}

/** Notifies the members named with @Prénom in `text` (never its author), once per person per post. */
async function notifyMentions(
	db: Db,
	actor: Actor,
	cohort: Cohort,
	postId: string,
	commentId: string | null,
	text: string,
	now: number
) {
	const members = await db
		.selectFrom('cohort_member')
		.innerJoin('user', 'user.id', 'cohort_member.user_id')
		.select(['user.id', 'user.first_name'])
		.where('cohort_member.cohort_id', '=', cohort.id)
		.where('user.disabled_at', 'is', null)
		.execute();
	const named = findMentions(
		text,
		members.filter((m) => m.id !== actor.id).map((m) => ({ id: m.id, firstName: m.first_name }))
	);
	for (const userId of named) {
		await db
			.insertInto('mention')
			.values({ id: newId(), post_id: postId, comment_id: commentId, user_id: userId, created_at: now })
			.execute();
		await notify(
			db,
			{
				userId,
				kind: 'mention',
				params: { author: actor.first_name, cohort: cohort.name },
				href: `/cohorts/${cohort.id}/feed#post-${postId}`,
				dedupeKey: `mention:${postId}:${userId}`
			},
			now
		);
	}
}

/** A new post: by a facilitator of the cohort, or by a participant when the cohort allows it. */
export async function createPost(
	db: Db,
	live: FeedPublisher,
	actor: Actor,
	cohortId: string,
	input: PostInput,
	now = clock.now()
): Promise<string> {
	const { cohort, access } = await requireCohortMember(db, actor, cohortId);
	if (access !== 'facilitator' && cohort.participants_may_post !== 1)
		throw forbidden(`participants of cohort ${cohortId} may not post`);
	const id = newId();
	const event =
		input.kind === 'event'
			? {
					event_at: zonedInstant(input.date, input.time, await organisationTimeZone(db, cohort.organisation_id)),
					place: input.place || null
				}
			: {};
	const job =
		input.kind === 'job_offer'
			? {
					employer: input.employer || null,
					contract: input.contract || null,
					link: input.link || null,
					place: input.place || null
				}
			: {};
	await db.transaction().execute(async (trx) => {
		await trx
			.insertInto('feed_post')
			.values({
				id,
				cohort_id: cohortId,
				author_id: actor.id,
				kind: input.kind,
				body: input.body,
				title: 'title' in input ? input.title : null,
				employer: null,
				contract: null,
				link: null,
				place: null,
				event_at: null,
				...job,
				...event,
				pinned: 0,
				hidden_at: null,
				hidden_by: null,
				created_at: now
			})
			.execute();
		const text = 'title' in input ? `${input.title}\n${input.body}` : input.body;
		await notifyMentions(trx, actor, cohort, id, null, text, now);
	});
	await announce(live, { cohortId, postId: id, change: 'post' });
	return id;
}

/** A post of this cohort that this member may see (hidden ones: facilitators only). */
async function visiblePost(db: Db, access: 'facilitator' | 'participant', cohortId: string, postId: string) {
	const post = await db
		.selectFrom('feed_post')
		.select(['id', 'hidden_at'])
		.where('id', '=', postId)
		.where('cohort_id', '=', cohortId)
		.executeTakeFirst();
	if (!post || (post.hidden_at !== null && access !== 'facilitator'))
		throw notFound(`post ${postId} in cohort ${cohortId}`);
	return post;
}

/** Any member comments on a post they can see. */
export async function addComment(
	db: Db,
	live: FeedPublisher,
	actor: Actor,
	cohortId: string,
	postId: string,
	body: string,
	now = clock.now()
): Promise<string> {
	const { cohort, access } = await requireCohortMember(db, actor, cohortId);
	const post = await visiblePost(db, access, cohortId, postId);
	if (post.hidden_at !== null) throw new DomainError(409, 'feed_post_hidden_no_comment', `post ${postId} is hidden`);
	const id = newId();
	await db.transaction().execute(async (trx) => {
		await trx
			.insertInto('feed_comment')
			.values({ id, post_id: postId, author_id: actor.id, body, created_at: now, hidden_at: null, hidden_by: null })
			.execute();
		await notifyMentions(trx, actor, cohort, postId, id, body, now);
		// A participant who answers a message of the feed has read it and answered: skill evidence.
		if (access === 'participant') {
			await recordObservedEvidence(trx, {
				userId: actor.id,
				skillId: 'read_answer_message',
				level: 'autonomous',
				event: 'feed_comment',
				eventRef: id,
				at: now
			});
		}
	});
	await announce(live, { cohortId, postId, change: 'comment' });
	return id;
}

/** Facilitators pin a post to the top of the feed, or unpin it. */
export async function setPostPinned(
	db: Db,
	live: FeedPublisher,
	actor: Actor,
	cohortId: string,
	postId: string,
	pinned: boolean
): Promise<void> {
	await requireCohortFacilitator(db, actor, cohortId);
	const done = await db
		.updateTable('feed_post')
		.set({ pinned: pinned ? 1 : 0 })
		.where('id', '=', postId)
		.where('cohort_id', '=', cohortId)
		.executeTakeFirst();
	if (Number(done.numUpdatedRows) !== 1) throw notFound(`post ${postId} in cohort ${cohortId}`);
	await announce(live, { cohortId, postId, change: 'pin' });
}

/** Facilitators hide a post from participants (kept for the record), or show it again. */
export async function setPostHidden(
	db: Db,
	live: FeedPublisher,
	actor: Actor,
	cohortId: string,
	postId: string,
	hidden: boolean,
	now = clock.now()
): Promise<void> {
	await requireCohortFacilitator(db, actor, cohortId);
	const done = await db
		.updateTable('feed_post')
		.set(hidden ? { hidden_at: now, hidden_by: actor.id } : { hidden_at: null, hidden_by: null })
		.where('id', '=', postId)
		.where('cohort_id', '=', cohortId)
		.executeTakeFirst();
	if (Number(done.numUpdatedRows) !== 1) throw notFound(`post ${postId} in cohort ${cohortId}`);
	await announce(live, { cohortId, postId, change: 'hide' });
}

/** Facilitators hide a comment from participants, or show it again. */
export async function setCommentHidden(
	db: Db,
	live: FeedPublisher,
	actor: Actor,
	cohortId: string,
	commentId: string,
	hidden: boolean,
	now = clock.now()
): Promise<void> {
	await requireCohortFacilitator(db, actor, cohortId);
	const comment = await db
		.selectFrom('feed_comment')
		.innerJoin('feed_post', 'feed_post.id', 'feed_comment.post_id')
		.select(['feed_comment.id', 'feed_comment.post_id'])
		.where('feed_comment.id', '=', commentId)
		.where('feed_post.cohort_id', '=', cohortId)
		.executeTakeFirst();
	if (!comment) throw notFound(`comment ${commentId} in cohort ${cohortId}`);
	await db
		.updateTable('feed_comment')
		.set(hidden ? { hidden_at: now, hidden_by: actor.id } : { hidden_at: null, hidden_by: null })
		.where('id', '=', commentId)
		.execute();
	await announce(live, { cohortId, postId: comment.post_id, change: 'hide' });
}

/** The cohort's facilitators decide whether participants may post too. */
export async function setParticipantsMayPost(
	db: Db,
	live: FeedPublisher,
	actor: Actor,
	cohortId: string,
	allowed: boolean
): Promise<void> {
	await requireCohortFacilitator(db, actor, cohortId);
	await db
		.updateTable('cohort')
		.set({ participants_may_post: allowed ? 1 : 0 })
		.where('id', '=', cohortId)
		.execute();
	// Participants' open pages show or drop the post form.
	await announce(live, { cohortId, postId: '', change: 'settings' });
}
