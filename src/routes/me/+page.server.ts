import { error } from '@sveltejs/kit';
import { participantAgenda } from '#lib/server/activities/activities.ts';
import { isParticipant } from '#lib/server/auth/policy.ts';
import { myAssignments } from '#lib/server/assignments/assignments.ts';
import { myAutonomy } from '#lib/server/autonomy/autonomy.ts';
import { participantWelcome } from '#lib/server/cohorts/ambassadors.ts';
import { closeCelebration, pendingCelebrations } from '#lib/server/goals/goals.ts';
import { goalIdSchema } from '#lib/server/goals/schemas.ts';
import { listCohorts } from '#lib/server/cohorts/cohorts.ts';
import { formAction, requireActor, translate } from '#lib/server/http/route.ts';
import { videoReachable } from '#lib/server/livekit/health.ts';
import { joinWindow } from '#lib/server/livekit/tickets.ts';
import { myOutcomes } from '#lib/server/outcomes/outcomes.ts';
import { myQuestionnaires } from '#lib/server/outcomes/questionnaire.ts';
import { needsOnboarding } from '#lib/server/skills/skills.ts';
import { hasOpenPoll } from '#lib/server/polls/polls.ts';
import { myLastSession } from '#lib/server/participation/participation.ts';
import type { Actions, PageServerLoad } from './$types';
import { clock } from '#lib/server/clock.ts';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	if (!isParticipant(actor)) error(403, translate('error_participants_only'));
	const now = clock.now();
	const [agenda, cohorts, due, welcome, autonomy, celebrations, outcomes, questionnaires, lastSession] =
		await Promise.all([
			participantAgenda(event.locals.db, actor, now),
			listCohorts(event.locals.db, actor),
			myAssignments(event.locals.db, actor, now),
			participantWelcome(event.locals.db, actor, now),
			myAutonomy(event.locals.db, actor),
			pendingCelebrations(event.locals.db, actor),
			myOutcomes(event.locals.db, actor, now),
			myQuestionnaires(event.locals.db, actor, now),
			myLastSession(event.locals.db, actor, now)
		]);
	const next = agenda.next;
	const inJoinWindow = !!next && next.kind === 'live' && joinWindow(next, 'participant', now).open;
	const videoAvailable = inJoinWindow && (await videoReachable());
	// A poll open in the activity now: one tap to it from here (also for someone in the room, not on video).
	const openPoll = !!next && inJoinWindow && (await hasOpenPoll(event.locals.db, actor, next.id, now));
	return {
		firstName: actor.first_name,
		welcome: event.url.searchParams.has('welcome'),
		// "Bravo !" for each goal achieved, until the person closes it.
		celebrations,
		cohorts: cohorts.map((c) => ({
			id: c.id,
			name: c.name,
			code: c.code,
			...welcome.find((w) => w.cohortId === c.id)
		})),
		...agenda,
		// "À faire": each async activity with where the participant stands and the feedback received.
		due,
		// "Votre dernière séance": the person's own participation figures, once out of the room.
		lastSession,
		// "Mon chemin parcouru" in one line per dimension (the latest cohort): first level → latest level.
		autonomy: (autonomy[0]?.journeys ?? [])
			.filter((j) => j.facilitatorLevels.length > 0)
			.map((j) => ({
				dimension: j.dimension,
				first: j.facilitatorLevels[0],
				last: j.facilitatorLevels[j.facilitatorLevels.length - 1],
				change: j.change
			})),
		// A follow-up checkpoint (+3 / +6 months) open and waiting for the person's word.
		outcomeAsk: outcomes.some((c) =>
			c.checkpoints.some(
				(p) => p.checkpoint !== 'exit' && p.answerable && (!p.record || p.record.situation === 'no_news')
			)
		),
		// The end-of-club questionnaire while it is open: to answer, or to see (and change) the answers.
		questionnaire: questionnaires.find((q) => q.open && q.next)
			? ('ask' as const)
			: questionnaires.some((q) => q.open)
				? ('done' as const)
				: null,
		// A participant who has not been through the "first morning" path is invited to it.
		firstSteps: await needsOnboarding(event.locals.db, actor),
		// The big "Rejoindre" button shows from 15 minutes before a live activity until its end.
		// Without a video service there is no "Rejoindre": the facilitator's fallback shows instead (never a dead end).
		joinable: inJoinWindow && videoAvailable,
		videoFallback: inJoinWindow && !videoAvailable,
		openPoll,
		// "aujourd’hui" / "demain" are said from the server's now (the same text on the server and in the browser).
		now,
		// The salon de thé is for the time between scheduled activities.
		liveNow: !!next && next.kind === 'live' && now >= next.starts_at
	};
};

export const actions: Actions = {
	closeCelebration: (event) =>
		formAction(event, goalIdSchema, 'celebration', (input, actor) =>
			closeCelebration(event.locals.db, actor, input.goalId)
		)
};
