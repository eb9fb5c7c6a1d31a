// The cohort feed on both engines: who reads and writes it, pinned and hidden posts, comments,
// @mentions turned into notifications (for the named member only, once per post), and the changes
// announced to open pages. tests/feed.spec.ts proves the same through browsers, live.
import { describe, expect, it } from 'vitest';
import type { Db } from '#lib/server/db/index.ts';
import { useSeededTestDb } from '#lib/server/db/test-fixtures.ts';
import { refusal } from '#lib/server/db/test-db.ts';
import { createInvite, redeemInvite } from '#lib/server/auth/invites.ts';
import type { Actor } from '#lib/server/auth/policy.ts';
import { demoParticipant, type DemoActors } from '#lib/server/seed/demo-actors.ts';
import type { FeedChange, FeedPublisher } from '#lib/server/live/bus.ts';
import {
	addComment,
	createPost,
	getFeed,
	setCommentHidden,
	setParticipantsMayPost,
	setPostHidden,
	setPostPinned
} from './feed.ts';

let db: Db;
let actors: DemoActors;
const NOW = Date.parse('2026-11-22T10:00:00Z');

/** Records what the domain announces, as the live bus would carry it. */
const announced: FeedChange[] = [];
const live: FeedPublisher = { publish: async (change) => void announced.push(change) };

useSeededTestDb(NOW, (seeded) => ({ db, actors } = seeded));

const member = async (cohortId: string, firstName: string): Promise<Actor> => demoParticipant(db, cohortId, firstName);

const notifications = (userId: string) =>
	db
		.selectFrom('notification')
		.select(['kind', 'params', 'href', 'dedupe_key'])
		.where('user_id', '=', userId)
		.orderBy('created_at')
		.execute();

const announcement = (body: string) => ({ kind: 'announcement' as const, body });

describe(`the cohort feed on ${process.env.TEST_DB}`, () => {
	it('is for the cohort’s members only: its participants and facilitators, not directors, admins or other cohorts', async () => {
		const { cohortA } = actors;
		for (const actor of [actors.facilitatorA, actors.participantA])
			expect(await refusal(getFeed(db, actor, cohortA.id))).toBe('allowed');
		for (const actor of [actors.director, actors.admin, actors.facilitatorB, actors.participantB])
			expect(await refusal(getFeed(db, actor, cohortA.id))).toBe(403);
		for (const actor of [actors.director, actors.participantB, actors.facilitatorB]) {
			expect(await refusal(createPost(db, live, actor, cohortA.id, announcement('Intrus'), NOW))).toBe(403);
		}
		expect(await refusal(getFeed(db, actors.facilitatorA, 'zzzzzzzzzzzzzzzz'))).toBe(404);
	});

	it('takes posts of every kind from facilitators, and from participants only when the cohort allows it', async () => {
		const { cohortA, facilitatorA, participantA } = actors;
		const job = await createPost(
			db,
			live,
			facilitatorA,
			cohortA.id,
			{
				kind: 'job_offer',
				title: 'Agent d’accueil',
				body: '',
				employer: 'Mairie du 20e',
				contract: 'CDD 6 mois',
				place: 'Paris 20e',
				link: 'https://exemple.fr/offre/42'
			},
			NOW
		);
		const event = await createPost(
			db,
			live,
			facilitatorA,
			cohortA.id,
			{
				kind: 'event',
				title: 'Forum de l’emploi',
				body: 'Venez nombreux.',
				place: 'Mairie',
				date: '2026-11-30',
				time: '14:00'
			},
			NOW + 1
		);
		const stored = await db
			.selectFrom('feed_post')
			.selectAll()
			.where('id', 'in', [job, event])
			.orderBy('created_at')
			.execute();
		expect(stored[0]).toMatchObject({
			kind: 'job_offer',
			title: 'Agent d’accueil',
			employer: 'Mairie du 20e',
			contract: 'CDD 6 mois',
			place: 'Paris 20e',
			link: 'https://exemple.fr/offre/42',
			event_at: null,
			pinned: 0,
			hidden_at: null
		});
		// 14:00 in Paris on 30 November is 13:00 UTC.
		expect(stored[1]).toMatchObject({
			kind: 'event',
			title: 'Forum de l’emploi',
			place: 'Mairie',
			event_at: Date.parse('2026-11-30T13:00:00Z'),
			employer: null,
			link: null
		});

		expect(await refusal(createPost(db, live, participantA, cohortA.id, announcement('Bonjour à tous'), NOW))).toBe(
			403
		);
		expect((await getFeed(db, participantA, cohortA.id)).canPost).toBe(false);
		expect(await refusal(setParticipantsMayPost(db, live, participantA, cohortA.id, true))).toBe(403);
		await setParticipantsMayPost(db, live, facilitatorA, cohortA.id, true);
		expect((await getFeed(db, participantA, cohortA.id)).canPost).toBe(true);
		const own = await createPost(db, live, participantA, cohortA.id, announcement('<b>Bonjour</b> à tous <3'), NOW + 2);
		await setParticipantsMayPost(db, live, facilitatorA, cohortA.id, false);
		const feed = await getFeed(db, participantA, cohortA.id);
		expect(feed.canPost).toBe(false);
		// Stored exactly as typed: the page shows it as text.
		expect(feed.posts.find((p) => p.id === own)).toMatchObject({
			body: '<b>Bonjour</b> à tous <3',
			mine: true,
			byFacilitator: false
		});
		expect(feed.posts.find((p) => p.id === job)).toMatchObject({ byFacilitator: true, mine: false });
	});

	it('shows pinned posts first, and hides hidden posts and comments from participants only', async () => {
		const { cohortA, facilitatorA, participantA, participantB, facilitatorB, cohortB } = actors;
		const older = await createPost(
			db,
			live,
			facilitatorA,
			cohortA.id,
			announcement('Le règlement du groupe'),
			NOW + 10
		);
		const newer = await createPost(db, live, facilitatorA, cohortA.id, announcement('Pensez à vos CV'), NOW + 11);
		await setPostPinned(db, live, facilitatorA, cohortA.id, older, true);
		let posts = (await getFeed(db, participantA, cohortA.id)).posts;
		expect(posts[0]).toMatchObject({ id: older, pinned: true });
		expect(posts[1].id).toBe(newer);

		const comment = await addComment(db, live, participantA, cohortA.id, newer, 'Merci !', NOW + 12);
		await setCommentHidden(db, live, facilitatorA, cohortA.id, comment, true, NOW + 13);
		await setPostHidden(db, live, facilitatorA, cohortA.id, older, true, NOW + 14);
		posts = (await getFeed(db, participantA, cohortA.id)).posts;
		expect(posts.map((p) => p.id)).not.toContain(older);
		expect(posts.find((p) => p.id === newer)?.comments).toEqual([]);
		const forFacilitator = (await getFeed(db, facilitatorA, cohortA.id)).posts;
		expect(forFacilitator.find((p) => p.id === older)).toMatchObject({ hidden: true, pinned: true });
		expect(forFacilitator.find((p) => p.id === newer)?.comments).toMatchObject([
			{ id: comment, body: 'Merci !', hidden: true }
		]);

		// A hidden post cannot be commented on: unknown to participants, closed for facilitators.
		expect(await refusal(addComment(db, live, participantA, cohortA.id, older, 'Et alors ?', NOW))).toBe(404);
		expect(await refusal(addComment(db, live, facilitatorA, cohortA.id, older, 'Et alors ?', NOW))).toBe(409);
		// Moderation is for the cohort's facilitators, on the cohort's own posts.
		expect(await refusal(setPostHidden(db, live, participantA, cohortA.id, newer, true))).toBe(403);
		expect(await refusal(setPostPinned(db, live, participantA, cohortA.id, newer, true))).toBe(403);
		expect(await refusal(setCommentHidden(db, live, participantA, cohortA.id, comment, false))).toBe(403);
		expect(await refusal(setPostHidden(db, live, facilitatorB, cohortA.id, newer, true))).toBe(403);
		expect(await refusal(setPostHidden(db, live, facilitatorB, cohortB.id, newer, true))).toBe(404);
		expect(await refusal(setCommentHidden(db, live, facilitatorB, cohortB.id, comment, true))).toBe(404);
		expect(await refusal(addComment(db, live, participantB, cohortB.id, newer, 'Coucou', NOW))).toBe(404);
		expect(await refusal(addComment(db, live, participantB, cohortA.id, newer, 'Coucou', NOW))).toBe(403);

		await setPostHidden(db, live, facilitatorA, cohortA.id, older, false);
		expect((await getFeed(db, participantA, cohortA.id)).posts[0]).toMatchObject({ id: older, hidden: false });
	});

	it('notifies the member named with @Prénom, only them, once per post, never the author', async () => {
		const { cohortA, cohortB, facilitatorA, facilitatorB, participantA } = actors;
		// A Fatima in the other cohort too: a mention in cohort A must not reach her.
		const { token } = await createInvite(db, facilitatorB, cohortB.id, { maxUses: 1, validHours: 1 }, NOW);
		const otherFatima = (await redeemInvite(db, token, { firstName: 'Fatima', pin: '2468' }, NOW)).userId;
		const mamadou = await member(cohortA.id, 'Mamadou');
		const aicha = await member(cohortA.id, 'Aïcha');
		const sophie = await member(cohortA.id, 'Sophie');
		const before = new Set((await db.selectFrom('notification').select('id').execute()).map((n) => n.id));

		const post = await createPost(
			db,
			live,
			facilitatorA,
			cohortA.id,
			announcement('@fatima, @MAMADOU : rendez-vous lundi. @Claire s’en occupe. Écrivez à contact@exemple.fr'),
			NOW + 20
		);
		expect(await notifications(participantA.id)).toEqual([
			{
				kind: 'mention',
				params: JSON.stringify({ author: 'Claire', cohort: cohortA.name }),
				href: `/cohorts/${cohortA.id}/feed#post-${post}`,
				dedupe_key: `mention:${post}:${participantA.id}`
			}
		]);
		expect(await notifications(mamadou.id)).toHaveLength(1);
		expect(await notifications(otherFatima)).toEqual([]);
		expect(await notifications(facilitatorA.id), 'the author is not notified of naming themself').toEqual([]);
		expect(await notifications(sophie.id)).toEqual([]);

		// In comments too; once per person per post, whoever names them again.
		await addComment(
			db,
			live,
			participantA,
			cohortA.id,
			post,
			'Merci ! @Mamadou on y va ensemble ? @Aicha aussi',
			NOW + 21
		);
		await addComment(db, live, mamadou, cohortA.id, post, 'Oui @Fatima ! Et @Claire ?', NOW + 22);
		expect(await notifications(mamadou.id)).toHaveLength(1);
		expect(await notifications(participantA.id)).toHaveLength(1);
		expect(await notifications(aicha.id)).toMatchObject([
			{
				kind: 'mention',
				href: `/cohorts/${cohortA.id}/feed#post-${post}`,
				params: JSON.stringify({ author: 'Fatima', cohort: cohortA.name })
			}
		]);
		expect(await notifications(facilitatorA.id)).toMatchObject([
			{ params: JSON.stringify({ author: 'Mamadou', cohort: cohortA.name }) }
		]);
		const mentions = await db
			.selectFrom('mention')
			.select(['user_id', 'comment_id'])
			.where('post_id', '=', post)
			.execute();
		expect(mentions).toHaveLength(6);

		const after = await db.selectFrom('notification').select(['id', 'user_id']).execute();
		const notified = after.filter((n) => !before.has(n.id)).map((n) => n.user_id);
		expect(notified.sort()).toEqual([participantA.id, mamadou.id, aicha.id, facilitatorA.id].sort());
	});

	it('announces each change with ids only, for the open pages to read again', async () => {
		const { cohortA, facilitatorA, participantA } = actors;
		announced.length = 0;
		const post = await createPost(db, live, facilitatorA, cohortA.id, announcement('Quelque chose de privé'), NOW + 30);
		const comment = await addComment(db, live, participantA, cohortA.id, post, 'Bien reçu', NOW + 31);
		await setPostPinned(db, live, facilitatorA, cohortA.id, post, true);
		await setPostHidden(db, live, facilitatorA, cohortA.id, post, true);
		await setCommentHidden(db, live, facilitatorA, cohortA.id, comment, true);
		await setParticipantsMayPost(db, live, facilitatorA, cohortA.id, false);
		expect(announced).toEqual([
			{ cohortId: cohortA.id, postId: post, change: 'post' },
			{ cohortId: cohortA.id, postId: post, change: 'comment' },
			{ cohortId: cohortA.id, postId: post, change: 'pin' },
			{ cohortId: cohortA.id, postId: post, change: 'hide' },
			{ cohortId: cohortA.id, postId: post, change: 'hide' },
			{ cohortId: cohortA.id, postId: '', change: 'settings' }
		]);
		// Refused writes announce nothing.
		await refusal(createPost(db, live, actors.participantB, cohortA.id, announcement('x'), NOW));
		expect(announced).toHaveLength(6);
	});

	it('keeps the post when announcing it fails', async () => {
		const broken: FeedPublisher = { publish: async () => Promise.reject(new Error('the bus is down')) };
		const post = await createPost(
			db,
			broken,
			actors.facilitatorA,
			actors.cohortA.id,
			announcement('Malgré tout'),
			NOW + 40
		);
		expect((await getFeed(db, actors.participantA, actors.cohortA.id)).posts.some((p) => p.id === post)).toBe(true);
	});
});
