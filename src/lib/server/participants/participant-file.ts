import type { Db } from '#lib/server/db/index.ts';
import { newId } from '#lib/server/db/ids.ts';
import { DomainError } from '#lib/server/http/errors.ts';
import { requireFacilitatedParticipant, type Actor } from '#lib/server/auth/policy.ts';
import { organisationTimeZone } from '#lib/server/cohorts/cohorts.ts';
import { zonedInstant } from '#lib/server/cohorts/local-time.ts';
import { personMoments } from '#lib/server/moments/moments.ts';
import type { ContactInput } from './schemas.ts';
import { clock } from '#lib/server/clock.ts';
import { cohortPeopleSummary } from '#lib/server/cohorts/people-summary.ts';
import { personAutonomy } from '#lib/server/autonomy/autonomy.ts';
import { participantSkills } from '#lib/server/skills/skills.ts';
import { personGoals } from '#lib/server/goals/goals.ts';
import type { AutonomyStage } from '#lib/autonomy/ladder.ts';

// A contact a few minutes "ahead" is a clock difference, not a contact in the future.
const CLOCK_SLACK_MS = 5 * 60_000;

/**
 * What a person's file opens on (issue 11): where they stand in each part of it, one line each, read from the
 * domain that owns that part (each checks the facilitator's right again).
 */
export interface FileSummary {
	/** Sessions held so far and those attended; async work late; the current charter (null: none yet). */
	attended: number;
	held: number;
	lateWork: number;
	charterAccepted: boolean | null;
	lastSeenAt: number | null;
	/** The latest autonomy assessment's stage and day, and how many dimensions moved up since the first. */
	autonomy: { stage: AutonomyStage; day: string; movedUp: number } | null;
	/** Digital skills done alone, with help, out of the catalogue. */
	skills: { autonomous: number; withHelp: number; total: number };
	/** Goals set (dropped ones left out) and achieved. */
	goals: { set: number; achieved: number };
}

async function fileSummary(
	db: Db,
	actor: Actor,
	cohortId: string,
	participantId: string,
	now: number
): Promise<FileSummary> {
	const [person] = await cohortPeopleSummary(db, actor, cohortId, now, participantId);
	const autonomy = await personAutonomy(db, actor, cohortId, participantId);
	const latest = autonomy.assessments.at(-1);
	const { skills } = await participantSkills(db, actor, cohortId, participantId);
	const { goals } = await personGoals(db, actor, cohortId, participantId);
	const kept = goals.filter((g) => g.status !== 'dropped');
	return {
		attended: person.attended,
		held: person.held,
		lateWork: person.lateWork,
		charterAccepted: person.charterAccepted,
		lastSeenAt: person.lastSeenAt,
		autonomy: latest
			? {
					stage: latest.stage,
					day: latest.day,
					movedUp: autonomy.journeys.filter((j) => j.change !== null && j.change > 0).length
				}
			: null,
		skills: {
			autonomous: skills.filter((s) => s.level === 'autonomous').length,
			withHelp: skills.filter((s) => s.level === 'with_help').length,
			total: skills.length
		},
		goals: { set: kept.length, achieved: kept.filter((g) => g.status === 'achieved').length }
	};
}

/**
 * A participant's file as the cohort's facilitators see it: a summary of each part (attendance, work,
 * autonomy, skills, goals, the last contact), the informal moments, and the contacts made outside the app,
 * newest first.
 */
export async function getParticipantFile(
	db: Db,
	actor: Actor,
	cohortId: string,
	participantId: string,
	now = clock.now()
) {
	const { cohort, person } = await requireFacilitatedParticipant(db, actor, cohortId, participantId);
	const contacts = await db
		.selectFrom('contact_log')
		.innerJoin('user', 'user.id', 'contact_log.facilitator_id')
		.select([
			'contact_log.id',
			'contact_log.channel',
			'contact_log.at',
			'contact_log.note',
			'user.first_name as facilitatorName'
		])
		.where('contact_log.cohort_id', '=', cohortId)
		.where('contact_log.participant_id', '=', participantId)
		.orderBy('contact_log.at', 'desc')
		.orderBy('contact_log.id')
		.execute();
	const timeZone = await organisationTimeZone(db, cohort.organisation_id);
	return {
		cohort: { id: cohort.id, name: cohort.name },
		person: {
			id: person.id,
			firstName: person.first_name,
			lastName: person.last_name,
			peerAmbassador: person.peer_ambassador === 1,
			joinedAt: person.joined_at
		},
		timeZone,
		summary: await fileSummary(db, actor, cohortId, participantId, now),
		contacts,
		// Informal moments (salon de thé + logged by hand) and their total time.
		informal: await personMoments(db, cohort.id, person.id, timeZone)
	};
}

/** Logs a contact made outside the app (phone, SMS, e-mail, in person), at a local date and time of the club. */
export async function logContact(
	db: Db,
	actor: Actor,
	cohortId: string,
	participantId: string,
	input: ContactInput,
	now = clock.now()
): Promise<string> {
	const { cohort } = await requireFacilitatedParticipant(db, actor, cohortId, participantId);
	const at = zonedInstant(input.date, input.time, await organisationTimeZone(db, cohort.organisation_id));
	if (at > now + CLOCK_SLACK_MS) throw new DomainError(400, 'contact_in_future', `contact at ${at} is after ${now}`);
	const id = newId();
	await db
		.insertInto('contact_log')
		.values({
			id,
			cohort_id: cohortId,
			participant_id: participantId,
			facilitator_id: actor.id,
			channel: input.channel,
			at,
			note: input.note,
			created_at: now
		})
		.execute();
	return id;
}
