import type { ExpressionBuilder } from 'kysely';
import type { Db } from '#lib/server/db/index.ts';
import type { Database, Modality } from '#lib/server/db/schema.ts';
import { modalityConflict } from '#lib/cohorts/modality.ts';
import { newId } from '#lib/server/db/ids.ts';
import { DomainError } from '#lib/server/http/errors.ts';
import {
	cohortAccess,
	membershipRole,
	requireCohortCreator,
	requireCohortModalityEditor,
	requireParticipant,
	type Actor
} from '#lib/server/auth/policy.ts';
import { copyBlockDocuments, getProgramme } from '#lib/server/programmes/programmes.ts';
import { uploadStore } from '#lib/server/uploads/store.ts';
import { cohortEndDate, planActivities } from '#lib/server/activities/generate.ts';
import { newCohortCode } from './codes.ts';
import { addFacilitators, newCohortFacilitators } from './facilitators.ts';
import type { CohortInput } from './schemas.ts';
import type { CohortFacilitatorView, CohortParticipantView, CohortView } from '#lib/cohorts/contract.ts';
import { clock } from '#lib/server/clock.ts';
import { activityRoomName } from '#lib/server/livekit/room-names.ts';
import { refreshRollup } from '#lib/server/insights/rollups.ts';

export async function organisationTimeZone(db: Db, organisationId: string): Promise<string> {
	const org = await db
		.selectFrom('organisation')
		.select('time_zone')
		.where('id', '=', organisationId)
		.executeTakeFirstOrThrow();
	return org.time_zone;
}

/**
 * A cohort's calendar, from cohort joined with its organisation and (left) its programme: its dates, the
 * club's time zone, the programme's follow-up settings.
 */
export const CALENDAR_COLUMNS = [
	'cohort.id',
	'cohort.name',
	'cohort.start_date',
	'cohort.end_date',
	'organisation.time_zone',
	'programme.follow_up_m3_days',
	'programme.follow_up_m6_days',
	'programme.follow_up_window_days'
] as const;

/**
 * The cohorts a participant belongs to, newest first, with their calendar (dates, the club's time zone,
 * the programme's follow-up settings): the one reader of "my cohorts" for the participant's own pages
 * (goals, autonomy, informal time, questionnaire, outcomes). `why` names the refusal for anyone else.
 */
export async function myParticipantCohorts(db: Db, actor: Actor, why?: string) {
	requireParticipant(actor, why);
	return db
		.selectFrom('cohort_member')
		.innerJoin('cohort', 'cohort.id', 'cohort_member.cohort_id')
		.innerJoin('organisation', 'organisation.id', 'cohort.organisation_id')
		.leftJoin('programme', 'programme.id', 'cohort.programme_id')
		.select([...CALENDAR_COLUMNS, 'cohort.organisation_id'])
		.where('cohort_member.user_id', '=', actor.id)
		.where('cohort_member.role', '=', 'participant')
		.orderBy('cohort.start_date', 'desc')
		.orderBy('cohort.id')
		.execute();
}

/** The cohorts an actor may open: their own (facilitators, participants) or the organisation's (director, admin). */
export async function listCohorts(db: Db, actor: Actor) {
	let query = db
		.selectFrom('cohort')
		.leftJoin('programme', 'programme.id', 'cohort.programme_id')
		.select((eb) => [
			'cohort.id',
			'cohort.name',
			'cohort.code',
			'cohort.start_date as startDate',
			'cohort.end_date as endDate',
			'cohort.modality',
			'programme.title as programmeTitle',
			eb
				.selectFrom('cohort_member')
				.select(({ fn }) => fn.countAll<number>().as('n'))
				.whereRef('cohort_member.cohort_id', '=', 'cohort.id')
				.where('cohort_member.role', '=', 'participant')
				.as('participantCount'),
			requiredSessions(eb, 'live').as('liveSessions'),
			requiredSessions(eb, 'in_person').as('inPersonSessions')
		])
		.where('cohort.organisation_id', '=', actor.organisation_id);
	// Members see their own cohorts; directors and admins every cohort of the organisation.
	const memberRole = membershipRole(actor);
	if (memberRole) {
		query = query.where((eb) =>
			eb.exists(
				eb
					.selectFrom('cohort_member')
					.select('cohort_member.user_id')
					.whereRef('cohort_member.cohort_id', '=', 'cohort.id')
					.where('cohort_member.user_id', '=', actor.id)
					.where('cohort_member.role', '=', memberRole)
			)
		);
	}
	const rows = await query.orderBy('cohort.start_date', 'desc').execute();
	return rows.map(({ liveSessions, inPersonSessions, ...r }) => ({
		...r,
		participantCount: Number(r.participantCount ?? 0),
		modalityConflict: modalityConflict(r.modality, {
			live: Number(liveSessions ?? 0),
			inPerson: Number(inPersonSessions ?? 0)
		})
	}));
}

/** How many required, not cancelled activities of this kind the cohort has (what its modality is checked against). */
function requiredSessions(eb: ExpressionBuilder<Database, 'cohort'>, kind: 'live' | 'in_person') {
	return eb
		.selectFrom('activity')
		.select(({ fn }) => fn.countAll<number>().as('n'))
		.whereRef('activity.cohort_id', '=', 'cohort.id')
		.where('activity.kind', '=', kind)
		.where('activity.optional', '=', 0)
		.where('activity.cancelled_at', 'is', null);
}

/**
 * Creates a cohort from a programme: the cohort, its facilitators and its dated activities, together. A facilitator
 * who opens a cohort runs it; a director names its facilitators (`facilitatorIds`, at least one).
 */
export async function createCohort(
	db: Db,
	actor: Actor,
	input: CohortInput,
	now = clock.now(),
	store = uploadStore()
): Promise<string> {
	requireCohortCreator(actor);
	const { blocks } = await getProgramme(db, actor, input.programmeId);
	const facilitators = await newCohortFacilitators(db, actor, input.facilitatorIds ?? []);
	const timeZone = await organisationTimeZone(db, actor.organisation_id);
	const planned = planActivities(blocks, input.startDate, timeZone);
	const cohortId = newId();
	// Each block's document becomes a file of this cohort's own (staged now, committed with the rows below):
	// its facilitators may replace or remove it, and the programme may change its own, without touching the other.
	const copies = await copyBlockDocuments(store, blocks);
	await store.commit([...copies.values()], () =>
		insertCohort(db, actor, input, blocks, planned, facilitators, cohortId, copies, now)
	);
	return cohortId;
}

async function insertCohort(
	db: Db,
	actor: Actor,
	input: CohortInput,
	blocks: Awaited<ReturnType<typeof getProgramme>>['blocks'],
	planned: ReturnType<typeof planActivities>,
	facilitators: string[],
	cohortId: string,
	copies: Map<string, string>,
	now: number
) {
	const blockById = new Map(blocks.map((b) => [b.id, b]));
	await db.transaction().execute(async (trx) => {
		let code = newCohortCode();
		for (
			let tries = 0;
			await trx.selectFrom('cohort').select('id').where('code', '=', code).executeTakeFirst();
			tries++
		) {
			if (tries > 10) throw new DomainError(409, 'error_generic', 'could not find a free cohort code');
			code = newCohortCode();
		}
		await trx
			.insertInto('cohort')
			.values({
				id: cohortId,
				organisation_id: actor.organisation_id,
				programme_id: input.programmeId,
				name: input.name,
				code,
				start_date: input.startDate,
				end_date: cohortEndDate(blocks, input.startDate),
				modality: input.modality,
				created_by: actor.id,
				created_at: now
			})
			.execute();
		await addFacilitators(trx, cohortId, facilitators, now);
		for (const p of planned) {
			const activityId = newId();
			await trx
				.insertInto('activity')
				.values({
					id: activityId,
					cohort_id: cohortId,
					block_id: p.blockId,
					kind: p.kind,
					title: p.title,
					starts_at: p.startsAt,
					duration_minutes: p.durationMinutes,
					objectives: p.objectives,
					optional: p.optional ? 1 : 0,
					room_name: p.kind === 'live' ? activityRoomName(activityId) : null,
					cancelled_at: null,
					created_at: now,
					updated_at: now
				})
				.execute();
			if (p.skills.length) {
				await trx
					.insertInto('activity_skill')
					.values(p.skills.map((skill_id) => ({ activity_id: activityId, skill_id })))
					.execute();
			}
			// The programme's async work, written once there, becomes this cohort's assignment.
			if (p.assignment) {
				const block = blockById.get(p.blockId);
				const copy = copies.get(p.blockId);
				await trx
					.insertInto('assignment')
					.values({
						activity_id: activityId,
						instructions: p.assignment.instructions,
						link: p.assignment.link,
						attachment_id: copy ?? null,
						attachment_name: copy ? (block?.attachment_name ?? null) : null,
						attachment_mime: copy ? (block?.attachment_mime ?? null) : null,
						attachment_size: copy ? (block?.attachment_size ?? null) : null,
						attachment_sha256: copy ? (block?.attachment_sha256 ?? null) : null,
						due_at: p.assignment.dueAt,
						mode: 'individual',
						group_size: null,
						updated_by: actor.id,
						updated_at: now
					})
					.execute();
			}
		}
		await refreshRollup(trx, cohortId, now);
	});
}

/**
 * The cohort header and the people a viewer may see: facilitators see everyone, participants the first names,
 * directors counts only. Views, not rows: the page gets what it shows.
 */
export async function getCohort(db: Db, actor: Actor, cohortId: string) {
	const { cohort, access } = await cohortAccess(db, actor, cohortId);
	const members = await db
		.selectFrom('cohort_member')
		.innerJoin('user', 'user.id', 'cohort_member.user_id')
		.select(['user.id', 'user.first_name', 'user.last_name', 'cohort_member.role', 'cohort_member.peer_ambassador'])
		.where('cohort_member.cohort_id', '=', cohortId)
		.orderBy('cohort_member.role')
		.orderBy('user.first_name')
		.execute();
	const programme = cohort.programme_id
		? await db.selectFrom('programme').select(['id', 'title']).where('id', '=', cohort.programme_id).executeTakeFirst()
		: undefined;
	const sessions = await db
		.selectFrom('cohort')
		.select((eb) => [requiredSessions(eb, 'live').as('live'), requiredSessions(eb, 'in_person').as('inPerson')])
		.where('cohort.id', '=', cohortId)
		.executeTakeFirstOrThrow();
	const facilitators: CohortFacilitatorView[] = members
		.filter((m) => m.role === 'facilitator')
		.map((m) => ({ id: m.id, firstName: m.first_name, lastName: m.last_name }));
	const participants = members.filter((m) => m.role === 'participant');
	const view: CohortView = {
		id: cohort.id,
		name: cohort.name,
		code: cohort.code,
		startDate: cohort.start_date,
		endDate: cohort.end_date,
		modality: cohort.modality
	};
	return {
		cohort: view,
		timeZone: await organisationTimeZone(db, cohort.organisation_id),
		access,
		programme,
		// The declared modality the cohort's sessions contradict (shown to its staff, who may correct either).
		modalityConflict:
			access === 'participant'
				? null
				: modalityConflict(cohort.modality, {
						live: Number(sessions.live ?? 0),
						inPerson: Number(sessions.inPerson ?? 0)
					}),
		facilitators,
		participantCount: participants.length,
		participants:
			access === 'overview'
				? []
				: participants.map((p): CohortParticipantView => ({
						id: p.id,
						firstName: p.first_name,
						peerAmbassador: p.peer_ambassador === 1
					}))
	};
}

/**
 * Corrects a cohort's declared modality (the director's comparisons group cohorts by it), e.g. to what its
 * sessions say. Read with the cohorts each time the figures are made: no rollup to refresh.
 */
export async function setCohortModality(db: Db, actor: Actor, cohortId: string, modality: Modality): Promise<void> {
	await requireCohortModalityEditor(db, actor, cohortId);
	await db.updateTable('cohort').set({ modality }).where('id', '=', cohortId).execute();
}
