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
import { act, invalid, loadData, requireActor } from '#lib/server/http/route.ts';
import { appLiveBus } from '#lib/server/live/instance.ts';
import { parseForm } from '#lib/server/http/validation.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	// The page's EventSource invalidates this when the feed changes.
	event.depends(`feed:${event.params.cohortId}`);
	return loadData(() => getFeed(event.locals.db, actor, event.params.cohortId));
};

export const actions: Actions = {
	post: async (event) => {
		const actor = requireActor(event);
		const form = await event.request.formData();
		const parsed = parseForm(postSchema(form.get('kind')), form);
		if (!parsed.ok) return invalid(parsed, 'post');
		const live = await appLiveBus();
		const done = await act(
			() => createPost(event.locals.db, live, actor, event.params.cohortId, parsed.data),
			parsed.values,
			'post'
		);
		return done.ok ? { form: 'post', saved: true, postId: done.value } : done.failure;
	},
	comment: async (event) => {
		const actor = requireActor(event);
		const form = await event.request.formData();
		const formId = `c-${String(form.get('postId') ?? '')}`;
		const parsed = parseForm(commentSchema, form);
		if (!parsed.ok) return invalid(parsed, formId);
		const live = await appLiveBus();
		const done = await act(
			() => addComment(event.locals.db, live, actor, event.params.cohortId, parsed.data.postId, parsed.data.body),
			parsed.values,
			formId
		);
		return done.ok ? { form: formId, saved: true } : done.failure;
	},
	pin: async (event) => {
		const actor = requireActor(event);
		const parsed = parseForm(pinSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed, 'moderate');
		const live = await appLiveBus();
		const done = await act(
			() => setPostPinned(event.locals.db, live, actor, event.params.cohortId, parsed.data.postId, parsed.data.pinned),
			parsed.values,
			'moderate'
		);
		return done.ok ? { form: 'moderate', saved: true } : done.failure;
	},
	hide: async (event) => {
		const actor = requireActor(event);
		const parsed = parseForm(hidePostSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed, 'moderate');
		const live = await appLiveBus();
		const done = await act(
			() => setPostHidden(event.locals.db, live, actor, event.params.cohortId, parsed.data.postId, parsed.data.hidden),
			parsed.values,
			'moderate'
		);
		return done.ok ? { form: 'moderate', saved: true } : done.failure;
	},
	hideComment: async (event) => {
		const actor = requireActor(event);
		const parsed = parseForm(hideCommentSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed, 'moderate');
		const live = await appLiveBus();
		const done = await act(
			() =>
				setCommentHidden(
					event.locals.db,
					live,
					actor,
					event.params.cohortId,
					parsed.data.commentId,
					parsed.data.hidden
				),
			parsed.values,
			'moderate'
		);
		return done.ok ? { form: 'moderate', saved: true } : done.failure;
	},
	settings: async (event) => {
		const actor = requireActor(event);
		const parsed = parseForm(feedSettingsSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed, 'settings');
		const live = await appLiveBus();
		const done = await act(
			() =>
				setParticipantsMayPost(event.locals.db, live, actor, event.params.cohortId, parsed.data.participantsMayPost),
			parsed.values,
			'settings'
		);
		return done.ok ? { form: 'settings', saved: true } : done.failure;
	}
};
