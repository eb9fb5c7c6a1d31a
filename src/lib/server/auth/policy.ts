import type { Db } from '#lib/server/db/index.ts';
import type { Cohort, Role } from '#lib/server/db/schema.ts';
import { forbidden, notFound } from '#lib/server/http/errors.ts';
import type { SessionUser } from './session.ts';

/** Whoever acts: every domain function takes one and checks what it may do. */
export type Actor = SessionUser;

/**
 * How an actor may see a cohort:
 * - `facilitator`: runs it (everything, including people);
 * - `participant`: belongs to it (their own data and the shared space);
 * - `overview`: director or admin of the organisation (programme and figures, no one's file).
 */
export type CohortAccess = 'facilitator' | 'participant' | 'overview';

const STAFF_ROLES: Role[] = ['admin', 'director', 'facilitator'];
export const isStaff = (actor: Actor) => STAFF_ROLES.includes(actor.role);

export function requireRole(actor: Actor | null, ...roles: Role[]): Actor {
	if (!actor || !roles.includes(actor.role))
		throw forbidden(`role ${actor?.role ?? 'anonymous'} not in ${roles.join(',')}`);
	return actor;
}

// ---------------------------------------------------------------------------------------------
// Rules on the role alone (rows of tests/authz-matrix.spec.ts that every staff member or every
// participant shares). Domains call these; they never compare roles themselves.
// ---------------------------------------------------------------------------------------------

/** A participant, who has records of their own (/me, goals, profile, outcomes, informal time, export). */
export const isParticipant = (actor: Actor) => actor.role === 'participant';

/** Participants only: staff have no goals, profile, outcomes or PIN of their own. */
export function requireParticipant(actor: Actor, context = 'this is a participant’s own'): Actor {
	if (!isParticipant(actor)) throw forbidden(`role ${actor.role}: ${context}`);
	return actor;
}

/** Staff only (admin, director, facilitator): cohort and programme lists, a password of their own. */
export function requireStaff(actor: Actor): Actor {
	return requireRole(actor, ...STAFF_ROLES);
}

/** Staff accounts are the admin's. */
export function requireAdmin(actor: Actor): Actor {
	return requireRole(actor, 'admin');
}

/** The organisation's settings (name, time zone, attendance rules) are the admin's. */
export function requireOrganisationEditor(actor: Actor): Actor {
	return requireRole(actor, 'admin');
}

/** The audit log (who read or changed what) is read by the admin only: reading it is no one else's business. */
export function requireAuditReader(actor: Actor): Actor {
	return requireRole(actor, 'admin');
}

/**
 * New cohorts: a facilitator opens one and runs it (as before issue 11); a director opens one for the
 * organisation and names its facilitators.
 */
const COHORT_CREATORS: Role[] = ['facilitator', 'director'];
export const mayCreateCohorts = (actor: Actor) => COHORT_CREATORS.includes(actor.role);
export function requireCohortCreator(actor: Actor): Actor {
	return requireRole(actor, ...COHORT_CREATORS);
}
/** Who chooses a new cohort's facilitators (a facilitator who opens one runs it themself). */
export const choosesFacilitators = (actor: Actor) => actor.role === 'director';

/**
 * Who changes a cohort's facilitators (adds one, removes one, hands the cohort over): the director and the
 * admin of its organisation. The facilitators themselves do not hand their cohort over.
 */
const FACILITATOR_ASSIGNERS: Role[] = ['director', 'admin'];
export const mayAssignFacilitators = (actor: Actor) => FACILITATOR_ASSIGNERS.includes(actor.role);
export function requireFacilitatorAssigner(actor: Actor): Actor {
	return requireRole(actor, ...FACILITATOR_ASSIGNERS);
}
/** The director or admin of this cohort's organisation (another organisation's cohort: 403; none: 404). */
export async function requireCohortFacilitatorAssigner(db: Db, actor: Actor, cohortId: string): Promise<Cohort> {
	requireFacilitatorAssigner(actor);
	const { cohort } = await cohortAccess(db, actor, cohortId);
	return cohort;
}

/** Programmes are the organisation's templates: facilitators and admins edit them (blocks, their order, copies), directors read them. */
const PROGRAMME_EDITORS: Role[] = ['facilitator', 'admin'];
export const mayEditProgrammes = (actor: Actor) => PROGRAMME_EDITORS.includes(actor.role);
export function requireProgrammeEditor(actor: Actor): Actor {
	return requireRole(actor, ...PROGRAMME_EDITORS);
}
export function requireProgrammeReader(actor: Actor): Actor {
	return requireRole(actor, ...PROGRAMME_EDITORS, 'director');
}

/**
 * The role an actor holds inside the cohorts they belong to; null for directors and admins, who
 * oversee every cohort of the organisation without belonging to one.
 */
export function membershipRole(actor: Actor): 'facilitator' | 'participant' | null {
	if (actor.role === 'facilitator' || actor.role === 'participant') return actor.role;
	return null;
}

/** Those who take part in cohorts (rooms, the device check): facilitators and participants. */
export function requireMemberRole(actor: Actor): Actor {
	if (!membershipRole(actor)) throw forbidden(`role ${actor.role} does not take part in cohorts`);
	return actor;
}

export async function cohortAccess(
	db: Db,
	actor: Actor,
	cohortId: string
): Promise<{ cohort: Cohort; access: CohortAccess }> {
	// The cohort and the actor's membership in one round trip: nearly every request of a member asks this.
	const row = await db
		.selectFrom('cohort')
		.leftJoin('cohort_member', (join) =>
			join.onRef('cohort_member.cohort_id', '=', 'cohort.id').on('cohort_member.user_id', '=', actor.id)
		)
		.selectAll('cohort')
		.select('cohort_member.role as member_role')
		.where('cohort.id', '=', cohortId)
		.executeTakeFirst();
	if (!row) throw notFound(`cohort ${cohortId}`);
	const { member_role: memberOf, ...cohort } = row;
	if (cohort.organisation_id !== actor.organisation_id) throw forbidden(`cohort ${cohortId} of another organisation`);
	const memberRole = membershipRole(actor);
	if (!memberRole) return { cohort, access: 'overview' };
	if (memberOf !== memberRole) throw forbidden(`user ${actor.id} is not a member of cohort ${cohortId}`);
	return { cohort, access: memberRole };
}

/**
 * A member of the cohort — its facilitators and its participants (the feed, the rooms). Directors and
 * admins see cohorts as an overview (figures, no one's words), so they are refused.
 */
export async function requireCohortMember(
	db: Db,
	actor: Actor,
	cohortId: string
): Promise<{ cohort: Cohort; access: 'facilitator' | 'participant' }> {
	const { cohort, access } = await cohortAccess(db, actor, cohortId);
	if (access === 'overview') throw forbidden(`${actor.role} ${actor.id} is not a member of cohort ${cohortId}`);
	return { cohort, access };
}

export async function requireCohortFacilitator(db: Db, actor: Actor, cohortId: string): Promise<Cohort> {
	const { cohort, access } = await cohortAccess(db, actor, cohortId);
	if (access !== 'facilitator') throw forbidden(`user ${actor.id} does not run cohort ${cohortId}`);
	return cohort;
}

/**
 * Who corrects a cohort's declared modality (what the director's comparisons group by) when its sessions
 * contradict it: the cohort's facilitators, and the director and admin of its organisation.
 */
export async function requireCohortModalityEditor(db: Db, actor: Actor, cohortId: string): Promise<Cohort> {
	const { cohort, access } = await cohortAccess(db, actor, cohortId);
	if (access === 'participant') throw forbidden(`participant ${actor.id} may not change cohort ${cohortId}`);
	return cohort;
}

/**
 * A participant of a cohort, for that cohort's facilitators only: anyone else is refused (403), and
 * a person who is not a participant of this cohort is "not found" (their existence stays hidden).
 */
export async function requireFacilitatedParticipant(db: Db, actor: Actor, cohortId: string, userId: string) {
	const cohort = await requireCohortFacilitator(db, actor, cohortId);
	const person = await db
		.selectFrom('cohort_member')
		.innerJoin('user', 'user.id', 'cohort_member.user_id')
		.select([
			'user.id',
			'user.first_name',
			'user.last_name',
			'user.disabled_at',
			'cohort_member.peer_ambassador',
			'cohort_member.joined_at'
		])
		.where('cohort_member.cohort_id', '=', cohortId)
		.where('cohort_member.user_id', '=', userId)
		.where('cohort_member.role', '=', 'participant')
		.executeTakeFirst();
	if (!person) throw notFound(`participant ${userId} in cohort ${cohortId}`);
	return { cohort, person };
}

/**
 * The actor themself as a participant of a cohort: their own records only. Staff (directors included)
 * are refused (403): a person's own answers are theirs and their facilitators'.
 */
export async function requireOwnParticipation(db: Db, actor: Actor, cohortId: string): Promise<Cohort> {
	requireParticipant(actor, 'no records of their own');
	const { cohort, access } = await cohortAccess(db, actor, cohortId);
	if (access !== 'participant') throw forbidden(`user ${actor.id} is not a participant of cohort ${cohortId}`);
	return cohort;
}

/**
 * Who may read the organisation's figures (/insights): directors and admins see every cohort,
 * a facilitator only the cohorts they run (`ownCohortsOf`), a participant nothing.
 */
export function requireInsightsViewer(actor: Actor | null): { actor: Actor; ownCohortsOf: string | null } {
	const viewer = requireRole(actor, 'director', 'admin', 'facilitator');
	return { actor: viewer, ownCohortsOf: viewer.role === 'facilitator' ? viewer.id : null };
}

/**
 * Who may give a participant of a cohort a new PIN: the cohort's facilitators, and the admins of its
 * organisation (a facilitator may be away). Directors, other facilitators and participants are refused (403);
 * a person who is not a participant of this cohort is "not found".
 */
export async function requirePinResetter(db: Db, actor: Actor, cohortId: string) {
	return requireCohortCaretaker(db, actor, cohortId, 'reset PINs');
}

/** The cohort's facilitators and its organisation's admins (PINs, enrolment without an invite). */
export const isCohortCaretaker = (actor: Actor, access: 'facilitator' | 'participant' | 'overview') =>
	access === 'facilitator' || (access === 'overview' && actor.role === 'admin');

/** The cohort's facilitators and its organisation's admins; anyone else is refused (403) for `what`. */
async function requireCohortCaretaker(db: Db, actor: Actor, cohortId: string, what: string) {
	const { cohort, access } = await cohortAccess(db, actor, cohortId);
	if (!isCohortCaretaker(actor, access)) throw forbidden(`user ${actor.id} may not ${what} in cohort ${cohortId}`);
	return cohort;
}

/**
 * Who may enrol a person in a cohort without an invite (no phone or no e-mail yet): the cohort's facilitators
 * and the admins of its organisation — the same people who may then give that person a PIN. Directors, other
 * facilitators and participants are refused (403).
 */
export async function requireDirectEnroller(db: Db, actor: Actor, cohortId: string) {
	return requireCohortCaretaker(db, actor, cohortId, 'enrol people');
}

// ---------------------------------------------------------------------------------------------
// Polls and reactions in a live room (issue 14). The room itself is for the cohort's members
// (`roomActivity` in livekit/tickets.ts checks that); these rules say who does what inside it.
// ---------------------------------------------------------------------------------------------
type RoomAccess = 'facilitator' | 'participant';

/** The cohort's facilitators start and close polls. */
export function requirePollRunner(actor: Actor, access: RoomAccess, activityId: string): void {
	if (access !== 'facilitator') throw forbidden(`user ${actor.id} may not run polls in activity ${activityId}`);
}

/** The cohort's participants answer polls (facilitators ask, they do not vote). */
export function requirePollVoter(actor: Actor, access: RoomAccess, activityId: string): void {
	if (access !== 'participant') throw forbidden(`user ${actor.id} may not answer polls in activity ${activityId}`);
}

/** Who answered what in a named poll: the cohort's facilitators only; participants see counts. */
export const maySeePollVoters = (access: RoomAccess) => access === 'facilitator';

/** Participants see a poll's results once they have answered it (or once it is closed); facilitators always. */
export const maySeePollResults = (access: RoomAccess, answered: boolean, open: boolean) =>
	access === 'facilitator' || answered || !open;

/** Every member in the room sends reactions (facilitators too: applause is for everyone). */
export function requireRoomReactor(actor: Actor, access: RoomAccess, activityId: string): void {
	if (access !== 'facilitator' && access !== 'participant')
		throw forbidden(`user ${actor.id} may not react in activity ${activityId}`);
}

/** Breakouts: the cohort's facilitators visit groups, speak to every group and answer help calls. */
export function requireBreakoutLead(actor: Actor, access: RoomAccess, activityId: string): void {
	if (access !== 'facilitator')
		throw forbidden(`user ${actor.id} may not lead the breakouts of activity ${activityId}`);
}

/** Breakouts: the cohort's participants call their facilitator for help (facilitators have nobody to call). */
export function requireHelpCaller(actor: Actor, access: RoomAccess, activityId: string): void {
	if (access !== 'participant') throw forbidden(`user ${actor.id} may not call for help in activity ${activityId}`);
}

/** Everyone's participation figures in an activity (a debrief, never a grade): the cohort's facilitators. */
export function requireParticipationOverview(actor: Actor, access: RoomAccess, activityId: string): void {
	if (access !== 'facilitator')
		throw forbidden(`user ${actor.id} may not read everyone's participation in activity ${activityId}`);
}

/** One person's participation figures: that person, and the cohort's facilitators; other participants never. */
export function requireParticipationReader(actor: Actor, access: RoomAccess, userId: string, activityId: string) {
	if (access !== 'facilitator' && actor.id !== userId)
		throw forbidden(`user ${actor.id} may not read the participation of ${userId} in activity ${activityId}`);
}

// ---------------------------------------------------------------------------------------------
// Shared notes of a live activity (issue 14). Every member of the cohort reads them (the room's
// `roomActivity` checks membership), during the activity and after it.
// ---------------------------------------------------------------------------------------------

/**
 * Who writes the notes: the cohort's facilitators at any time (they tidy them after the session); its
 * participants only while the room is open, and only when a facilitator lets them.
 */
export const mayWriteNotes = (access: RoomAccess, participantsWrite: boolean, roomOpen: boolean) =>
	access === 'facilitator' || (access === 'participant' && participantsWrite && roomOpen);

export function requireNotesWriter(
	actor: Actor,
	access: RoomAccess,
	participantsWrite: boolean,
	roomOpen: boolean,
	activityId: string
): void {
	if (!mayWriteNotes(access, participantsWrite, roomOpen))
		throw forbidden(`user ${actor.id} may not write the notes of activity ${activityId} now`);
}

/** The cohort's facilitators choose whether the participants may write the notes too. */
export function requireNotesModerator(actor: Actor, access: RoomAccess, activityId: string): void {
	if (access !== 'facilitator')
		throw forbidden(`user ${actor.id} may not choose who writes the notes of activity ${activityId}`);
}
