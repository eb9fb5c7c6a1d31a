import {
	addComment,
	createPost,
	getFeed,
	setCommentHidden,
	setParticipantsMayPost,
	setPostHidden,
	setPostPinned
} from '#lib/server/feed/feed.ts';
import {
	commentSchema,
	feedSettingsSchema,
	hideCommentSchema,
	hidePostSchema,
	pinSchema,
	postSchema
} from '#lib/server/feed/schemas.ts';
import { formAction, loadData, requireActor } from '#lib/server/http/route.ts';
import { appLiveBus } from '#lib/server/live/instance.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	// The page's EventSource invalidates this when the feed changes.
	event.depends(`feed:${event.params.cohortId}`);
	return loadData(() => getFeed(event.locals.db, actor, event.params.cohortId));
};

export const actions: Actions = {
	post: (event) =>
		formAction(
			event,
			(form) => postSchema(form.get('kind')),
			'post',
			async (input, actor) => createPost(event.locals.db, await appLiveBus(), actor, event.params.cohortId, input),
			{ after: (postId, _, form) => ({ form, saved: true, postId }) }
		),
	comment: (event) =>
		formAction(
			event,
			commentSchema,
			(values) => `c-${String(values.postId ?? '')}`,
			async ({ postId, body }, actor) =>
				addComment(event.locals.db, await appLiveBus(), actor, event.params.cohortId, postId, body)
		),
	pin: (event) =>
		formAction(event, pinSchema, 'moderate', async ({ postId, pinned }, actor) =>
			setPostPinned(event.locals.db, await appLiveBus(), actor, event.params.cohortId, postId, pinned)
		),
	hide: (event) =>
		formAction(event, hidePostSchema, 'moderate', async ({ postId, hidden }, actor) =>
			setPostHidden(event.locals.db, await appLiveBus(), actor, event.params.cohortId, postId, hidden)
		),
	hideComment: (event) =>
		formAction(event, hideCommentSchema, 'moderate', async ({ commentId, hidden }, actor) =>
			setCommentHidden(event.locals.db, await appLiveBus(), actor, event.params.cohortId, commentId, hidden)
		),
	settings: (event) =>
		formAction(event, feedSettingsSchema, 'settings', async ({ participantsMayPost }, actor) =>
			setParticipantsMayPost(event.locals.db, await appLiveBus(), actor, event.params.cohortId, participantsMayPost)
		)
};
