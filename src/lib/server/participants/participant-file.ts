import type { Db } from '#lib/server/db/index.ts';
import { newId } from '#lib/server/db/ids.ts';
import { DomainError } from '#lib/server/http/errors.ts';
import { requireFacilitatedParticipant, type Actor } from '#lib/server/auth/policy.ts';
import { organisationTimeZone } from '#lib/server/cohorts/cohorts.ts';
import { zonedInstant } from '#lib/server/cohorts/local-time.ts';
import { personMoments } from '#lib/server/moments/moments.ts';
import type { ContactInput } from './schemas.ts';
import { clock } from '#lib/server/clock.ts';

// A contact a few minutes "ahead" is a clock difference, not a contact in the future.
const CLOCK_SLACK_MS = 5 * 60_000;

/**
 * A participant's file as the cohort's facilitators see it. For now: who they are and the contacts
 * made with them outside the app, newest first (later issues add the rest of the file here).
 */
export async function getParticipantFile(db: Db, actor: Actor, cohortId: string, participantId: string) {
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
