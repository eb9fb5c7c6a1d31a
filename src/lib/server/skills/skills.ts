import type { Db } from '#lib/server/db/index.ts';
import { newId } from '#lib/server/db/ids.ts';
import type { SkillEvidenceView, SkillLevel } from '#lib/skills/contract.ts';
import { notFound } from '#lib/server/http/errors.ts';
import {
	isParticipant,
	requireCohortFacilitator,
	requireFacilitatedParticipant,
	requireParticipant,
	type Actor
} from '#lib/server/auth/policy.ts';
import { parseRoomName } from '#lib/server/livekit/room-names.ts';
import { organisationTimeZone } from '#lib/server/cohorts/cohorts.ts';
import { decideLevel, type EvidenceSource } from './rules.ts';
import { ONBOARDING_SKILLS } from '#lib/skills/contract.ts';
import { recordObservedEvidence } from './evidence.ts';
import { clock } from '#lib/server/clock.ts';
import { refreshRollupsOfUser } from '#lib/server/insights/rollups.ts';

export type { SkillEvidenceView };

export interface PersonSkill {
	id: string;
	area: string;
	digcompRef: string;
	level: SkillLevel;
	/** Source of the evidence that decides the level (null: no evidence). */
	source: EvidenceSource | null;
	overridden: boolean;
	decidedBy: SkillEvidenceView | null;
	evidence: SkillEvidenceView[];
}

async function catalogue(db: Db) {
	return db.selectFrom('digital_skill').select(['id', 'area', 'digcomp_ref', 'position']).orderBy('position').execute();
}

async function evidenceRows(db: Db, userIds: string[]) {
	if (!userIds.length) return [];
	return db
		.selectFrom('skill_evidence')
		.leftJoin('user as recorder', 'recorder.id', 'skill_evidence.recorded_by')
		.leftJoin('skill_evidence_note', 'skill_evidence_note.evidence_id', 'skill_evidence.id')
		.select([
			'skill_evidence.id',
			'skill_evidence.user_id',
			'skill_evidence.skill_id',
			'skill_evidence.level',
			'skill_evidence.source',
			'skill_evidence.event',
			'skill_evidence.event_ref',
			'skill_evidence.at',
			'recorder.first_name as recorderName',
			'skill_evidence_note.note'
		])
		.where('skill_evidence.user_id', 'in', userIds)
		.orderBy('skill_evidence.at', 'desc')
		.orderBy('skill_evidence.id', 'desc')
		.execute();
}

/**
 * Where each piece of evidence came from: room events (webhook id or presence id) lead to their
 * activity or salon, uploads to their assignment.
 */
async function places(
	db: Db,
	rows: Array<{ event: string; event_ref: string | null }>
): Promise<Map<string, SkillEvidenceView['place']>> {
	const refs = [...new Set(rows.map((r) => r.event_ref).filter((r): r is string => !!r))];
	const out = new Map<string, SkillEvidenceView['place']>();
	if (!refs.length) return out;
	const roomOf = new Map<string, string>();
	for (const e of await db.selectFrom('room_event').select(['id', 'room_name']).where('id', 'in', refs).execute())
		if (e.room_name) roomOf.set(e.id, e.room_name);
	for (const p of await db.selectFrom('presence').select(['id', 'room_name']).where('id', 'in', refs).execute())
		roomOf.set(p.id, p.room_name);
	const activityOfRef = new Map<string, { id: string; submission: boolean }>();
	for (const [ref, room] of roomOf) {
		const target = parseRoomName(room);
		if (target?.kind === 'salon') out.set(ref, { kind: 'salon' });
		else if (target) activityOfRef.set(ref, { id: target.activityId, submission: false });
	}
	const comments = await db
		.selectFrom('feed_comment')
		.innerJoin('feed_post', 'feed_post.id', 'feed_comment.post_id')
		.select(['feed_comment.id', 'feed_comment.post_id', 'feed_post.cohort_id'])
		.where('feed_comment.id', 'in', refs)
		.execute();
	for (const c of comments) out.set(c.id, { kind: 'comment', cohortId: c.cohort_id, postId: c.post_id });
	for (const s of await db.selectFrom('submission').select(['id', 'activity_id']).where('id', 'in', refs).execute())
		activityOfRef.set(s.id, { id: s.activity_id, submission: true });
	const activityIds = [...new Set([...activityOfRef.values()].map((a) => a.id))];
	const titles = new Map<string, string>();
	if (activityIds.length)
		for (const a of await db.selectFrom('activity').select(['id', 'title']).where('id', 'in', activityIds).execute())
			titles.set(a.id, a.title);
	for (const [ref, a] of activityOfRef) {
		const title = titles.get(a.id);
		if (title !== undefined) out.set(ref, { kind: a.submission ? 'submission' : 'activity', activityId: a.id, title });
	}
	return out;
}

function skillsOf(
	skills: Awaited<ReturnType<typeof catalogue>>,
	rows: Awaited<ReturnType<typeof evidenceRows>>,
	placeOf: Map<string, SkillEvidenceView['place']>
): PersonSkill[] {
	return skills.map((skill) => {
		const evidence: SkillEvidenceView[] = rows
			.filter((r) => r.skill_id === skill.id)
			.map((r) => ({
				id: r.id,
				level: r.level,
				source: r.source,
				event: r.event,
				at: Number(r.at),
				recordedBy: r.recorderName ?? null,
				note: r.note ?? null,
				place: (r.event_ref && placeOf.get(r.event_ref)) || null
			}));
		const decided = decideLevel(evidence);
		return {
			id: skill.id,
			area: skill.area,
			digcompRef: skill.digcomp_ref,
			level: decided.level,
			source: decided.decidedBy?.source ?? null,
			overridden: decided.overridden,
			decidedBy: decided.decidedBy,
			evidence
		};
	});
}

/** The cohort's participants × the skills catalogue, for the cohort's facilitators. */
export async function cohortSkillGrid(db: Db, actor: Actor, cohortId: string) {
	const cohort = await requireCohortFacilitator(db, actor, cohortId);
	const people = await db
		.selectFrom('cohort_member')
		.innerJoin('user', 'user.id', 'cohort_member.user_id')
		.select(['user.id', 'user.first_name', 'user.last_name'])
		.where('cohort_member.cohort_id', '=', cohortId)
		.where('cohort_member.role', '=', 'participant')
		.orderBy('user.first_name')
		.orderBy('user.id')
		.execute();
	const skills = await catalogue(db);
	const rows = await evidenceRows(
		db,
		people.map((p) => p.id)
	);
	return {
		cohort: { id: cohort.id, name: cohort.name },
		skills: skills.map((s) => ({ id: s.id, area: s.area, digcompRef: s.digcomp_ref })),
		people: people.map((p) => {
			const mine = skillsOf(
				skills,
				rows.filter((r) => r.user_id === p.id),
				new Map()
			);
			return {
				id: p.id,
				firstName: p.first_name,
				lastName: p.last_name,
				cells: mine.map((s) => ({ skillId: s.id, level: s.level, source: s.source, overridden: s.overridden }))
			};
		})
	};
}

async function skillsOfPerson(db: Db, userId: string): Promise<PersonSkill[]> {
	const rows = await evidenceRows(db, [userId]);
	return skillsOf(await catalogue(db), rows, await places(db, rows));
}

/** One participant's skills with all their evidence, for the facilitators of their cohort. */
export async function participantSkills(db: Db, actor: Actor, cohortId: string, userId: string) {
	const { cohort, person } = await requireFacilitatedParticipant(db, actor, cohortId, userId);
	return {
		cohort: { id: cohort.id, name: cohort.name },
		person: { id: person.id, firstName: person.first_name, lastName: person.last_name },
		timeZone: await organisationTimeZone(db, cohort.organisation_id),
		skills: await skillsOfPerson(db, userId)
	};
}

/** The actor's own skills ("what I can do"), for participants. */
export async function mySkills(db: Db, actor: Actor): Promise<PersonSkill[]> {
	requireParticipant(actor);
	return skillsOfPerson(db, actor.id);
}

/** The time zone of the actor's organisation, to show when things happened. */
export const myTimeZone = (db: Db, actor: Actor) => organisationTimeZone(db, actor.organisation_id);

async function requireSkill(db: Db, skillId: string) {
	const skill = await db.selectFrom('digital_skill').select('id').where('id', '=', skillId).executeTakeFirst();
	if (!skill) throw notFound(`skill ${skillId}`);
}

/** The person says they can do it, alone or with help (source self). */
export async function declareSkill(
	db: Db,
	actor: Actor,
	skillId: string,
	level: 'with_help' | 'autonomous',
	now = clock.now()
): Promise<string> {
	requireParticipant(actor);
	await requireSkill(db, skillId);
	const id = newId();
	await db.transaction().execute(async (trx) => {
		await trx
			.insertInto('skill_evidence')
			.values({
				id,
				user_id: actor.id,
				skill_id: skillId,
				level,
				source: 'self',
				event: 'declared',
				event_ref: null,
				recorded_by: actor.id,
				at: now
			})
			.execute();
		await refreshRollupsOfUser(trx, actor.id, now);
	});
	return id;
}

/**
 * The page found itself opened from the home screen (display-mode standalone): the app is installed.
 * The browser says so, not the server, so it is the page's report, taken from a signed-in participant only.
 */
export async function recordAppInstalled(db: Db, actor: Actor, now = clock.now()): Promise<void> {
	requireParticipant(actor);
	await recordObservedEvidence(db, {
		userId: actor.id,
		skillId: 'install_app',
		level: 'autonomous',
		event: 'standalone_opened',
		eventRef: null,
		at: now
	});
}

/** A facilitator of the person's cohort sets the level, with a short note; it decides until another facilitator word. */
export async function overrideSkill(
	db: Db,
	actor: Actor,
	cohortId: string,
	userId: string,
	input: { skillId: string; level: SkillLevel; note: string },
	now = clock.now()
): Promise<string> {
	await requireFacilitatedParticipant(db, actor, cohortId, userId);
	await requireSkill(db, input.skillId);
	const id = newId();
	await db.transaction().execute(async (trx) => {
		await trx
			.insertInto('skill_evidence')
			.values({
				id,
				user_id: userId,
				skill_id: input.skillId,
				level: input.level,
				source: 'facilitator',
				event: 'facilitator_adjusted',
				event_ref: null,
				recorded_by: actor.id,
				at: now
			})
			.execute();
		if (input.note) await trx.insertInto('skill_evidence_note').values({ evidence_id: id, note: input.note }).execute();
		await refreshRollupsOfUser(trx, userId, now);
	});
	return id;
}

/** The "first morning" path of the actor: its steps, each done when any evidence exists. */
export async function onboardingPath(db: Db, actor: Actor) {
	const skills = await mySkills(db, actor);
	const steps = ONBOARDING_SKILLS.map((id) => {
		const skill = skills.find((s) => s.id === id);
		const observed = !!skill?.evidence.some((e) => e.source === 'observed');
		const declared = skill?.evidence.find((e) => e.source === 'self') ?? null;
		return {
			skillId: id,
			level: skill?.level ?? 'not_yet',
			observed,
			declared: declared?.level ?? null,
			done: !!skill?.evidence.length
		};
	});
	return { steps, done: steps.filter((s) => s.done).length, total: steps.length };
}

/** Whether a participant has not been through the path yet (for the prompt on /me). */
export async function needsOnboarding(db: Db, actor: Actor): Promise<boolean> {
	if (!isParticipant(actor)) return false;
	const any = await db
		.selectFrom('skill_evidence')
		.select('id')
		.where('user_id', '=', actor.id)
		.where('source', '=', 'self')
		.executeTakeFirst();
	return !any;
}
