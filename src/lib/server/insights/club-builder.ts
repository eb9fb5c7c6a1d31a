import type { Insertable } from 'kysely';
import type { Db } from '#lib/server/db/index.ts';
import type { Database } from '#lib/server/db/schema.ts';
import type { Modality, Role, SkillLevel, EvidenceSource } from '#lib/server/db/schema.ts';
import { newId } from '#lib/server/db/ids.ts';
import { addDays, zonedInstant } from '#lib/server/cohorts/local-time.ts';
import { AUTONOMY_DIMENSIONS } from '#lib/autonomy/ladder.ts';
import type { Checkpoint, RecordedSituation } from '#lib/outcomes/situations.ts';
import { refreshRollup } from './rollups.ts';

/**
 * Writes a club's history straight into the tables the figures read: the data-layer test's hand-made
 * club, the demo's historic cohorts and the large generator share it. Outcomes go directly into the
 * 0012 tables (participant_exit, outcome_record) until the outcomes domain's functions are merged.
 */
export interface BuiltCohort {
	id: string;
	startDate: string;
	endDate: string;
	activities: { id: string; startsAt: number; minutes: number; optional: boolean }[];
	assignment: { activityId: string; dueAt: number } | null;
	facilitatorId: string;
}

export async function buildUser(
	db: Db,
	organisationId: string,
	role: Role,
	firstName: string,
	email: string | null,
	now: number
): Promise<string> {
	const id = newId();
	await db
		.insertInto('user')
		.values({
			id,
			organisation_id: organisationId,
			role,
			first_name: firstName,
			last_name: null,
			email,
			password_hash: null,
			pin_hash: null,
			disabled_at: null,
			created_at: now
		})
		.execute();
	return id;
}

export async function buildProgramme(
	db: Db,
	organisationId: string,
	createdBy: string,
	title: string,
	coreSkills: readonly string[],
	now: number
): Promise<string> {
	const id = newId();
	await db
		.insertInto('programme')
		.values({
			id,
			organisation_id: organisationId,
			title,
			description: '',
			created_by: createdBy,
			created_at: now,
			updated_at: now
		})
		.execute();
	if (coreSkills.length) {
		const blockId = newId();
		await db
			.insertInto('programme_block')
			.values({
				id: blockId,
				programme_id: id,
				position: 0,
				kind: 'live',
				title: 'Bienvenue',
				day_offset: 0,
				start_time: '09:30',
				duration_minutes: 120,
				objectives: '',
				optional: 0
			})
			.execute();
		await db
			.insertInto('programme_block_skill')
			.values(coreSkills.map((skill_id) => ({ block_id: blockId, skill_id })))
			.execute();
	}
	return id;
}

let codeCounter = 0;

export interface CohortSpec {
	organisationId: string;
	programmeId: string;
	name: string;
	startDate: string;
	/** Day offset, length in minutes and whether it is à la carte, per activity. */
	activities: { day: number; minutes: number; optional?: boolean }[];
	/** Index of the activity that carries work to hand in (due at its end + 2 days). */
	assignmentOn: number | null;
	modality: Modality;
	facilitatorId: string;
	timeZone: string;
	now: number;
}

export interface CohortRows {
	built: BuiltCohort;
	cohort: Insertable<Database['cohort']>;
	facilitator: Insertable<Database['cohort_member']>;
	activities: Insertable<Database['activity']>[];
	assignment: Insertable<Database['assignment']>[];
}

/** A cohort, its facilitator, its activities and its one piece of work, as rows (no I/O). */
export function cohortRows(spec: CohortSpec): CohortRows {
	const id = newId();
	const lastDay = Math.max(...spec.activities.map((a) => a.day));
	const endDate = addDays(spec.startDate, lastDay);
	codeCounter++;
	const activities = spec.activities.map((a, i) => ({
		id: newId(),
		startsAt: zonedInstant(addDays(spec.startDate, a.day), '09:30', spec.timeZone),
		minutes: a.minutes,
		optional: !!a.optional,
		position: i
	}));
	let assignment: BuiltCohort['assignment'] = null;
	const assignmentRows: Insertable<Database['assignment']>[] = [];
	if (spec.assignmentOn !== null) {
		const on = activities[spec.assignmentOn];
		const dueAt = on.startsAt + 2 * 86_400_000;
		assignmentRows.push({
			activity_id: on.id,
			instructions: 'Mettre son CV à jour.',
			link: null,
			attachment_id: null,
			attachment_name: null,
			attachment_mime: null,
			attachment_size: null,
			attachment_sha256: null,
			due_at: dueAt,
			mode: 'individual',
			group_size: null,
			updated_by: spec.facilitatorId,
			updated_at: spec.now
		});
		assignment = { activityId: on.id, dueAt };
	}
	return {
		built: { id, startDate: spec.startDate, endDate, activities, assignment, facilitatorId: spec.facilitatorId },
		cohort: {
			id,
			organisation_id: spec.organisationId,
			programme_id: spec.programmeId,
			name: spec.name,
			code: `H${codeCounter.toString(36).toUpperCase()}${id.slice(0, 4).toUpperCase()}`,
			start_date: spec.startDate,
			end_date: endDate,
			modality: spec.modality,
			created_by: spec.facilitatorId,
			created_at: spec.now
		},
		facilitator: {
			cohort_id: id,
			user_id: spec.facilitatorId,
			role: 'facilitator',
			name_key: null,
			peer_ambassador: 0,
			joined_at: spec.now
		},
		activities: activities.map((a) => ({
			id: a.id,
			cohort_id: id,
			block_id: null,
			kind: spec.modality === 'in_person' ? ('in_person' as const) : ('live' as const),
			title: `Séance ${a.position + 1}`,
			starts_at: a.startsAt,
			duration_minutes: a.minutes,
			objectives: '',
			optional: a.optional ? 1 : 0,
			room_name: null,
			cancelled_at: null,
			created_at: spec.now,
			updated_at: spec.now
		})),
		assignment: assignmentRows
	};
}

const COHORT_TABLES = [
	['cohort', 'cohort'],
	['facilitator', 'cohort_member'],
	['activities', 'activity'],
	['assignment', 'assignment']
] as const satisfies readonly (readonly [keyof CohortRows, keyof Database])[];

/** Inserts many rows of one table in chunks under both engines' bound-parameter limits. */
async function insertChunked<T extends keyof Database>(
	db: Db,
	table: T,
	values: readonly Insertable<Database[T]>[]
): Promise<void> {
	if (values.length === 0) return;
	const chunk = Math.max(1, Math.floor(30_000 / Object.keys(values[0]).length));
	for (let i = 0; i < values.length; i += chunk) {
		await db
			.insertInto(table)
			.values(values.slice(i, i + chunk))
			.execute();
	}
}

export async function insertCohortRows(db: Db, batch: readonly CohortRows[]): Promise<void> {
	for (const [field, table] of COHORT_TABLES) {
		await insertChunked(
			db,
			table,
			batch.flatMap((rows) => rows[field] as Insertable<Database[typeof table]>[])
		);
	}
}

export async function buildCohort(db: Db, spec: CohortSpec): Promise<BuiltCohort> {
	const rows = cohortRows(spec);
	await insertCohortRows(db, [rows]);
	await refreshRollup(db, rows.built.id, spec.now);
	return rows.built;
}

export interface ParticipantSpec {
	firstName: string;
	/** Minutes present per activity (same order as the cohort's); null = marked absent; undefined = no row. */
	minutes: (number | null | undefined)[];
	handIn: 'on_time' | 'late' | 'missing';
	/** Skill evidence; `day` counts from the cohort's first day (negative = before it). */
	evidence: { skillId: string; level: SkillLevel; source: EvidenceSource; day: number }[];
	/** Facilitator levels per dimension (AUTONOMY_DIMENSIONS order), at intake and at the end. */
	autonomy: { intake: (number | null)[]; end: (number | null)[] | null } | null;
	goals: { achieved: number; open: number };
	informalMinutes: number;
	/** Day of a passed device check, from the cohort's first day; null = none. */
	deviceCheckDay: number | null;
	profile: {
		ageBand: string;
		education: string;
		outOfWork: string;
		benefits: string[];
		obstacles: string[];
		consent: boolean;
	} | null;
	/** The current situation per checkpoint, and optionally an earlier, superseded one. */
	outcomes: Partial<Record<Checkpoint, RecordedSituation>>;
	superseded?: Partial<Record<Checkpoint, RecordedSituation>>;
}

const DAY = 86_400_000;

/** The rows of one participant, per table, ready to insert (the large generator batches them). */
export interface ParticipantRows {
	user: Insertable<Database['user']>;
	member: Insertable<Database['cohort_member']>;
	attendance: Insertable<Database['attendance']>[];
	submission: Insertable<Database['submission']>[];
	skillEvidence: Insertable<Database['skill_evidence']>[];
	autonomyAssessment: Insertable<Database['autonomy_assessment']>[];
	autonomyScore: Insertable<Database['autonomy_score']>[];
	goal: Insertable<Database['goal']>[];
	informalMoment: Insertable<Database['informal_moment']>[];
	informalMomentPerson: Insertable<Database['informal_moment_person']>[];
	deviceCheck: Insertable<Database['device_check']>[];
	profile: Insertable<Database['profile']>[];
	outcomeRecord: Insertable<Database['outcome_record']>[];
	participantExit: Insertable<Database['participant_exit']>[];
}

/** Every row one participant adds, in the order the tables must be written (foreign keys). */
export const PARTICIPANT_TABLES = [
	['user', 'user'],
	['member', 'cohort_member'],
	['attendance', 'attendance'],
	['submission', 'submission'],
	['skillEvidence', 'skill_evidence'],
	['autonomyAssessment', 'autonomy_assessment'],
	['autonomyScore', 'autonomy_score'],
	['goal', 'goal'],
	['informalMoment', 'informal_moment'],
	['informalMomentPerson', 'informal_moment_person'],
	['deviceCheck', 'device_check'],
	['profile', 'profile'],
	['outcomeRecord', 'outcome_record'],
	['participantExit', 'participant_exit']
] as const satisfies readonly (readonly [keyof ParticipantRows, keyof Database])[];

/** One participant and everything the figures read about them, as rows (no I/O). */
export function participantRows(
	organisationId: string,
	cohort: BuiltCohort,
	spec: ParticipantSpec,
	timeZone: string,
	now: number
): ParticipantRows {
	const userId = newId();
	const dayAt = (day: number, time = '12:00') => zonedInstant(addDays(cohort.startDate, day), time, timeZone);
	const rows: ParticipantRows = {
		user: {
			id: userId,
			organisation_id: organisationId,
			role: 'participant',
			first_name: spec.firstName,
			last_name: null,
			email: null,
			password_hash: null,
			pin_hash: null,
			disabled_at: null,
			created_at: now
		},
		member: {
			cohort_id: cohort.id,
			user_id: userId,
			role: 'participant',
			name_key: `${spec.firstName.toLowerCase()}${userId.slice(0, 6)}`,
			peer_ambassador: 0,
			joined_at: dayAt(-7)
		},
		attendance: [],
		submission: [],
		skillEvidence: [],
		autonomyAssessment: [],
		autonomyScore: [],
		goal: [],
		informalMoment: [],
		informalMomentPerson: [],
		deviceCheck: [],
		profile: [],
		outcomeRecord: [],
		participantExit: []
	};
	for (const [i, a] of cohort.activities.entries()) {
		const m = spec.minutes[i];
		if (m === undefined) continue;
		rows.attendance.push({
			activity_id: a.id,
			user_id: userId,
			// Minutes are video time LiveKit measured; an absence is the facilitator's mark.
			mode: m === null ? 'absent' : 'video',
			source: m === null ? 'manual' : 'livekit',
			seconds: (m ?? 0) * 60,
			first_joined_at: m === null ? null : a.startsAt,
			last_left_at: m === null ? null : a.startsAt + (m ?? 0) * 60_000,
			marked_by: m === null ? cohort.facilitatorId : null,
			updated_at: a.startsAt
		});
	}
	if (cohort.assignment && spec.handIn !== 'missing') {
		rows.submission.push({
			id: newId(),
			activity_id: cohort.assignment.activityId,
			user_id: userId,
			version: 1,
			text: 'Mon CV.',
			status: 'submitted',
			client_ref: null,
			submitted_at: cohort.assignment.dueAt + (spec.handIn === 'on_time' ? -DAY : DAY),
			feedback: null,
			feedback_by: null,
			feedback_at: null
		});
	}
	rows.skillEvidence = spec.evidence.map((e, i) => ({
		id: newId(),
		user_id: userId,
		skill_id: e.skillId,
		level: e.level,
		source: e.source,
		event: e.source === 'self' ? 'declared' : 'observed',
		event_ref: null,
		recorded_by: e.source === 'facilitator' ? cohort.facilitatorId : null,
		at: dayAt(e.day) + i
	}));
	if (spec.autonomy) {
		const stages = [
			['intake', 0, spec.autonomy.intake],
			['end', Math.round((Date.parse(cohort.endDate) - Date.parse(cohort.startDate)) / DAY), spec.autonomy.end]
		] as const;
		for (const [stage, day, levels] of stages) {
			if (!levels) continue;
			const id = newId();
			rows.autonomyAssessment.push({
				id,
				cohort_id: cohort.id,
				person_id: userId,
				stage,
				day: addDays(cohort.startDate, day),
				facilitator_id: cohort.facilitatorId,
				note: '',
				created_at: dayAt(day),
				updated_at: dayAt(day)
			});
			for (const [d, dimension] of AUTONOMY_DIMENSIONS.entries()) {
				rows.autonomyScore.push({
					assessment_id: id,
					dimension,
					facilitator_level: levels[d] ?? null,
					self_level: null,
					self_at: null
				});
			}
		}
	}
	const goals = [
		...Array.from({ length: spec.goals.achieved }, () => 'achieved' as const),
		...Array.from({ length: spec.goals.open }, () => 'in_progress' as const)
	];
	rows.goal = goals.map((status, i) => ({
		id: newId(),
		cohort_id: cohort.id,
		user_id: userId,
		kind: 'step' as const,
		category: 'cv' as const,
		title: `Étape ${i + 1}`,
		target_date: null,
		status,
		achieved_at: status === 'achieved' ? dayAt(3) : null,
		created_by: cohort.facilitatorId,
		created_at: dayAt(0),
		updated_at: dayAt(3),
		celebration_seen_at: null
	}));
	if (spec.informalMinutes > 0) {
		const momentId = newId();
		rows.informalMoment.push({
			id: momentId,
			cohort_id: cohort.id,
			kind: 'coffee_break',
			starts_at: dayAt(1, '11:00'),
			duration_minutes: spec.informalMinutes,
			note: '',
			logged_by: cohort.facilitatorId,
			created_at: dayAt(1)
		});
		rows.informalMomentPerson.push({ moment_id: momentId, user_id: userId });
	}
	if (spec.deviceCheckDay !== null) {
		rows.deviceCheck.push({
			id: newId(),
			user_id: userId,
			result: 'ok',
			camera: 1,
			microphone: 1,
			speaker: 1,
			at: dayAt(spec.deviceCheckDay, '09:00')
		});
	}
	if (spec.profile) {
		rows.profile.push({
			user_id: userId,
			age_band: spec.profile.ageBand,
			education_level: spec.profile.education,
			out_of_work: spec.profile.outOfWork,
			benefits: JSON.stringify(spec.profile.benefits),
			obstacles: JSON.stringify(spec.profile.obstacles),
			referred_by: null,
			mobility_km: null,
			target: null,
			consent: spec.profile.consent ? 1 : 0,
			consent_at: spec.profile.consent ? dayAt(-7) : null,
			consent_how: spec.profile.consent ? 'paper' : null,
			consent_by: spec.profile.consent ? cohort.facilitatorId : null,
			updated_at: dayAt(-7),
			updated_by: cohort.facilitatorId
		});
	}
	rows.outcomeRecord = Object.entries(spec.outcomes).flatMap(([checkpoint, situation]) => {
		if (!situation) return [];
		const recordedAt = dayAt(checkpoint === 'exit' ? 30 : checkpoint === 'm3' ? 120 : 210);
		const earlier = spec.superseded?.[checkpoint as Checkpoint];
		const row = (s: RecordedSituation, at: number, supersededAt: number | null) => ({
			id: newId(),
			cohort_id: cohort.id,
			user_id: userId,
			checkpoint: checkpoint as Checkpoint,
			situation: s,
			contract_band: null,
			source: s === 'no_news' ? ('system' as const) : ('facilitator_contact' as const),
			recorded_by: s === 'no_news' ? null : cohort.facilitatorId,
			recorded_at: at,
			superseded_at: supersededAt,
			note: null
		});
		return earlier
			? [row(earlier, recordedAt - DAY, recordedAt), row(situation, recordedAt, null)]
			: [row(situation, recordedAt, null)];
	});
	if (spec.outcomes.exit) {
		rows.participantExit.push({
			cohort_id: cohort.id,
			user_id: userId,
			exit_date: cohort.endDate,
			ending: 'completed',
			early_reason: null,
			recorded_by: cohort.facilitatorId,
			recorded_at: dayAt(30)
		});
	}
	return rows;
}

/**
 * Writes rows table by table, in chunks that stay under both engines' bound-parameter limits. The caller
 * refreshes the cohorts' rollups afterwards (refreshRollups), as buildParticipant does.
 */
export async function insertParticipantRows(db: Db, batch: readonly ParticipantRows[]): Promise<void> {
	for (const [field, table] of PARTICIPANT_TABLES) {
		await insertChunked(
			db,
			table,
			batch.flatMap((rows) => rows[field] as Insertable<Database[typeof table]>[])
		);
	}
}

/** One participant and everything the figures read about them. */
export async function buildParticipant(
	db: Db,
	organisationId: string,
	cohort: BuiltCohort,
	spec: ParticipantSpec,
	timeZone: string,
	now: number
): Promise<string> {
	const rows = participantRows(organisationId, cohort, spec, timeZone, now);
	await insertParticipantRows(db, [rows]);
	await refreshRollup(db, cohort.id, now);
	return rows.user.id;
}

export async function buildOrganisation(db: Db, name: string, timeZone: string, now: number): Promise<string> {
	const id = newId();
	await db.insertInto('organisation').values({ id, name, time_zone: timeZone, created_at: now }).execute();
	return id;
}
