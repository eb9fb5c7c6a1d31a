import { sql, SqliteAdapter } from 'kysely';
import type { Db } from '#lib/server/db/index.ts';
import type { Modality } from '#lib/server/db/schema.ts';
import type { Actor } from '#lib/server/auth/policy.ts';
import { createStaff } from '#lib/server/auth/account.ts';
import { addDays, weekStart, zonedInstant, zonedParts } from '#lib/server/cohorts/local-time.ts';
import { AUTONOMY_DIMENSIONS } from '#lib/autonomy/ladder.ts';
import type { RecordedSituation } from '#lib/outcomes/situations.ts';
import { AGE_BANDS, BENEFITS, EDUCATION_LEVELS, OBSTACLES, OUT_OF_WORK } from '#lib/server/profiles/schemas.ts';
import type { ParticipantSpec } from '#lib/server/insights/club-builder.ts';
import { withDeferredRollups } from '#lib/server/insights/rollups.ts';
import { addBlock, createProgramme } from '#lib/server/programmes/programmes.ts';
import { createCohort } from '#lib/server/cohorts/cohorts.ts';
import { updateActivity } from '#lib/server/activities/activities.ts';
import { enrolWithoutInvite } from '#lib/server/participants/enrol.ts';
import { recordMark } from '#lib/server/attendance/attendance.ts';
import { saveAssignment, submitWork } from '#lib/server/assignments/assignments.ts';
import { uploadStore } from '#lib/server/uploads/store.ts';
import { declareSkill, overrideSkill } from '#lib/server/skills/skills.ts';
import { recordDeviceCheck } from '#lib/server/skills/device-check.ts';
import { saveAssessment } from '#lib/server/autonomy/autonomy.ts';
import { createGoal } from '#lib/server/goals/goals.ts';
import { logMoment } from '#lib/server/moments/moments.ts';
import { saveProfile } from '#lib/server/profiles/profiles.ts';
import {
	closeUnansweredCheckpoints,
	logFollowUpAttempt,
	recordCheckpoint,
	recordExit
} from '#lib/server/outcomes/outcomes.ts';
import { checkpointWindow, DEFAULT_FOLLOW_UP } from '#lib/server/outcomes/schedule.ts';
import { DEMO_PASSWORD } from './demo.ts';
import { HISTORIC_NAMES, SMALL_HISTORIC_COHORT } from './historic-names.ts';
/** A small deterministic generator (mulberry32): the same demo on every machine. */
export function seededRandom(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** The demo's historic programme: five sessions and one à la carte (day, length), and work to hand in on day 2. */
const HISTORIC_SESSIONS = [
	{ day: 0, minutes: 150, title: 'Bienvenue et prise en main' },
	{ day: 2, minutes: 150, title: 'Mes atouts, mon CV' },
	{ day: 7, minutes: 150, title: 'Lire une offre, candidater' },
	{ day: 9, minutes: 150, title: 'Démarches en ligne' },
	{ day: 14, minutes: 90, optional: true, title: 'Atelier à la carte : la visio d’entretien' },
	{ day: 21, minutes: 150, title: 'Simulation d’entretien et bilan' }
];
const WORK = { day: 2, title: 'Mettre son CV à jour', dueDays: 2 };

export const MODALITIES: Modality[] = ['in_person', 'remote', 'hybrid'];
export const MODALITY_NAME: Record<Modality, string> = {
	in_person: 'sur place',
	remote: 'à distance',
	hybrid: 'hybride'
};
const POSITIVE: RecordedSituation[] = [
	'cdi',
	'fixed_term_long',
	'fixed_term_short',
	'qualifying_training',
	'work_study',
	'subsidised_contract'
];
const OTHER: RecordedSituation[] = ['job_seeking', 'job_seeking', 'inactive', 'other'];
const DAY = 86_400_000;
const HISTORIC_FACILITATOR = { firstName: 'Nadia', lastName: 'Benali', email: 'nadia@demo.tablee.fr' };

type HistoricCohort = {
	id: string;
	startDate: string;
	endDate: string;
	/** The sessions (HISTORIC_SESSIONS' order) and the work to hand in. */
	sessions: { id: string; startsAt: number; minutes: number; kind: 'live' | 'in_person' }[];
	work: { id: string; dueAt: number };
};

/**
 * Two years of past cohorts (in person, remote, hybrid) for the director's page: attendance, skills,
 * autonomy, goals, informal time, intake profiles and outcomes telling one story — engagement and
 * informal time go with positive exits; hybrid holds attendance better than fully remote. One
 * cohort of 4 shows "moins de 5". Everything goes through the domain's functions, at the instant it
 * happened (a facilitator enrols the people without an invite, so no PIN is hashed per person); the
 * rollups are refreshed once at the end, as of `now`.
 */
export async function seedHistoric(db: Db, now: number, cohortCount = 30): Promise<void> {
	const organisation = await db.selectFrom('organisation').select(['id', 'time_zone']).executeTakeFirstOrThrow();
	const admin: Actor = await db
		.selectFrom('user')
		.select(['id', 'organisation_id', 'role', 'first_name', 'last_name', 'email'])
		.where('organisation_id', '=', organisation.id)
		.where('role', '=', 'admin')
		.orderBy('created_at')
		.executeTakeFirstOrThrow();
	// The core skills of the demo's programme (what the figures call "core skills").
	const demoProgramme = await db
		.selectFrom('programme')
		.select('id')
		.where('organisation_id', '=', organisation.id)
		.orderBy('created_at')
		.executeTakeFirstOrThrow();
	const core = await db
		.selectFrom('programme_block_skill')
		.innerJoin('programme_block', 'programme_block.id', 'programme_block_skill.block_id')
		.select('programme_block_skill.skill_id')
		.where('programme_block.programme_id', '=', demoProgramme.id)
		.distinct()
		.execute();
	const coreSkills = core.map((c) => c.skill_id).sort();
	const tz = organisation.time_zone;

	// Thousands of small transactions: on SQLite (WAL), commit without waiting for the disk each time while seeding
	// (NORMAL is still safe in WAL mode: a crash loses the last commits, never the file).
	// The setting the database had is put back afterwards, whatever it was.
	const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
	const before = sqlite ? (await sql<{ synchronous: number }>`PRAGMA synchronous`.execute(db)).rows[0].synchronous : 0;
	if (sqlite) await sql`PRAGMA synchronous = NORMAL`.execute(db);
	try {
		await seedHistory(db, admin, coreSkills, organisation.id, tz, now, cohortCount);
	} finally {
		if (sqlite) await sql`PRAGMA synchronous = ${sql.raw(String(Number(before)))}`.execute(db);
	}
}

async function seedHistory(
	db: Db,
	admin: Actor,
	coreSkills: string[],
	organisationId: string,
	tz: string,
	now: number,
	cohortCount: number
) {
	const random = seededRandom(2026);
	const first = weekStart(addDays(zonedParts(now, tz).date, -26 * 30));
	const begun = zonedInstant(addDays(first, -14), '09:00', tz);
	await withDeferredRollups(db, now, async () => {
		// Nadia ran the past cohorts (the admin opened her account two weeks before the first one).
		const facilitatorId = await createStaff(
			db,
			admin,
			{ ...HISTORIC_FACILITATOR, role: 'facilitator', password: DEMO_PASSWORD },
			begun
		);
		const nadia: Actor = {
			id: facilitatorId,
			organisation_id: organisationId,
			role: 'facilitator',
			first_name: HISTORIC_FACILITATOR.firstName,
			last_name: HISTORIC_FACILITATOR.lastName,
			email: HISTORIC_FACILITATOR.email
		};
		const programmeId = await createProgramme(
			db,
			nadia,
			{
				title: 'Club emploi — 3 semaines',
				description: 'Cinq matinées en groupe et un atelier à la carte, pour reprendre confiance et candidater.'
			},
			begun
		);
		// The core skills are spread over the sessions, in order.
		const per = Math.ceil(coreSkills.length / 4);
		for (const [i, s] of HISTORIC_SESSIONS.entries()) {
			await addBlock(
				db,
				nadia,
				programmeId,
				{
					kind: 'live',
					title: s.title,
					dayOffset: s.day,
					startTime: '09:30',
					durationMinutes: s.minutes,
					objectives: '',
					optional: !!s.optional,
					skills: i < 4 ? coreSkills.slice(i * per, (i + 1) * per) : []
				},
				begun
			);
		}
		await addBlock(
			db,
			nadia,
			programmeId,
			{
				kind: 'async',
				title: WORK.title,
				dayOffset: WORK.day,
				startTime: '14:00',
				durationMinutes: 60,
				objectives: 'Rendre son CV mis à jour.',
				optional: false,
				skills: []
			},
			begun
		);

		for (let k = 0; k < cohortCount; k++) {
			const modality = MODALITIES[k % 3];
			const startDate = weekStart(addDays(first, k * 22));
			const small = k === 4;
			const name = small ? SMALL_HISTORIC_COHORT : `Club ${startDate.slice(0, 7)} · ${MODALITY_NAME[modality]}`;
			const cohort = await historicCohort(db, nadia, programmeId, { name, startDate, modality }, tz);
			const size = small ? 4 : 9 + Math.floor(random() * 5);
			for (let i = 0; i < size; i++) {
				const firstName = HISTORIC_NAMES[(k * 7 + i) % HISTORIC_NAMES.length];
				const spec = historicParticipant(random, modality, coreSkills, firstName);
				await historicPerson(db, nadia, cohort, spec, tz, now);
			}
		}
		// What was never answered is "sans nouvelles" once its window passed (the outcomes job).
		await closeUnansweredCheckpoints(db, now);
	});
}

/** One past cohort: created from the programme two weeks before it began, its sessions set to the modality. */
async function historicCohort(
	db: Db,
	nadia: Actor,
	programmeId: string,
	input: { name: string; startDate: string; modality: Modality },
	tz: string
): Promise<HistoricCohort> {
	const created = zonedInstant(addDays(input.startDate, -14), '10:00', tz);
	const id = await createCohort(db, nadia, { programmeId, ...input }, created);
	const [cohort, activities] = await Promise.all([
		db.selectFrom('cohort').select(['start_date', 'end_date']).where('id', '=', id).executeTakeFirstOrThrow(),
		db
			.selectFrom('activity')
			.select(['id', 'kind', 'title', 'starts_at', 'duration_minutes', 'objectives', 'optional'])
			.where('cohort_id', '=', id)
			.orderBy('starts_at')
			.orderBy('kind')
			.execute()
	]);
	const live = activities.filter((a) => a.kind === 'live');
	const sessions: HistoricCohort['sessions'] = [];
	for (const [i, a] of live.entries()) {
		// In person all along; hybrid: every other session in the room.
		const kind = input.modality === 'in_person' || (input.modality === 'hybrid' && i % 2 === 1) ? 'in_person' : 'live';
		if (kind === 'in_person') {
			const at = zonedParts(Number(a.starts_at), tz);
			await updateActivity(
				db,
				nadia,
				id,
				a.id,
				{
					kind,
					title: a.title,
					date: at.date,
					time: at.time,
					durationMinutes: a.duration_minutes,
					objectives: a.objectives,
					optional: a.optional === 1,
					place: 'Salle 1, 12 rue de Belleville'
				},
				created + 3_600_000
			);
		}
		sessions.push({ id: a.id, startsAt: Number(a.starts_at), minutes: a.duration_minutes, kind });
	}
	const async = activities.find((a) => a.kind === 'async')!;
	const dueAt = Number(async.starts_at) + WORK.dueDays * DAY;
	const due = zonedParts(dueAt, tz);
	await saveAssignment(
		db,
		nadia,
		id,
		async.id,
		{
			instructions: 'Mettez votre CV à jour et envoyez-le.',
			link: '',
			dueDate: due.date,
			dueTime: due.time,
			mode: 'individual',
			groupSize: 2,
			removeAttachment: false
		},
		null,
		uploadStore(),
		created + 3_600_000
	);
	return { id, startDate: cohort.start_date, endDate: cohort.end_date, sessions, work: { id: async.id, dueAt } };
}

/** One past participant's story, written as it happened: enrolment, marks, work, skills, assessments, outcomes. */
async function historicPerson(
	db: Db,
	nadia: Actor,
	cohort: HistoricCohort,
	spec: ParticipantSpec,
	tz: string,
	now: number
): Promise<void> {
	const dayAt = (day: number, time = '12:00') => zonedInstant(addDays(cohort.startDate, day), time, tz);
	const { userId } = await enrolWithoutInvite(
		db,
		nadia,
		cohort.id,
		{ firstName: spec.firstName, lastName: '' },
		dayAt(-7, '10:00')
	);
	const person: Actor = {
		id: userId,
		organisation_id: nadia.organisation_id,
		role: 'participant',
		first_name: spec.firstName,
		last_name: null,
		email: null
	};
	if (spec.profile) {
		await saveProfile(
			db,
			nadia,
			cohort.id,
			userId,
			{
				ageBand: spec.profile.ageBand,
				educationLevel: spec.profile.education,
				outOfWork: spec.profile.outOfWork,
				benefits: spec.profile.benefits,
				referredBy: null,
				referredNote: '',
				obstacles: spec.profile.obstacles,
				obstaclesNote: '',
				mobilityKm: null,
				preferences: '',
				target: null,
				targetNote: '',
				consent: spec.profile.consent,
				consentHow: spec.profile.consent ? 'paper' : null
			} as Parameters<typeof saveProfile>[4],
			dayAt(-7, '10:30')
		);
	}
	for (const e of spec.evidence.filter((e) => e.source === 'self'))
		await declareSkill(db, person, e.skillId, 'with_help', dayAt(e.day));
	if (spec.autonomy) await assess(db, nadia, cohort, userId, 'intake', 0, spec.autonomy.intake, dayAt(0, '17:00'));
	if (spec.deviceCheckDay !== null)
		await recordDeviceCheck(
			db,
			person,
			{ result: 'ok', camera: true, microphone: true, speaker: true },
			dayAt(spec.deviceCheckDay, '09:00')
		);
	for (const [i, s] of cohort.sessions.entries()) {
		const m = spec.minutes[i];
		if (m === undefined) continue;
		await recordMark(
			db,
			nadia,
			s.id,
			userId,
			m === null
				? { status: 'absent', mode: 'in_person', minutes: null }
				: { status: 'present', mode: s.kind === 'live' ? 'video' : 'in_person', minutes: m },
			s.startsAt + s.minutes * 60_000
		);
	}
	if (spec.handIn !== 'missing')
		await submitWork(
			db,
			person,
			cohort.work.id,
			{ text: 'Voici mon CV mis à jour.', clientRef: '', files: [] },
			uploadStore(),
			cohort.work.dueAt + (spec.handIn === 'on_time' ? -DAY : DAY)
		);
	for (const [s, e] of spec.evidence.filter((e) => e.source !== 'self').entries())
		await overrideSkill(
			db,
			nadia,
			cohort.id,
			userId,
			{ skillId: e.skillId, level: e.level, note: 'Vu en séance.' },
			dayAt(e.day, '12:00') + s
		);
	const goals = [
		...Array.from({ length: spec.goals.achieved }, () => 'achieved' as const),
		...Array.from({ length: spec.goals.open }, () => 'in_progress' as const)
	];
	for (const [i, status] of goals.entries())
		await createGoal(
			db,
			nadia,
			cohort.id,
			userId,
			{ kind: 'step', category: 'cv', title: `Étape ${i + 1}`, targetDate: null, status },
			dayAt(3, '16:00')
		);
	if (spec.informalMinutes > 0)
		await logMoment(
			db,
			nadia,
			cohort.id,
			{
				kind: 'coffee_break',
				date: addDays(cohort.startDate, 1),
				time: '11:00',
				durationMinutes: spec.informalMinutes,
				people: [userId],
				note: ''
			},
			dayAt(1, '17:00')
		);
	const lastDay = Math.round((Date.parse(cohort.endDate) - Date.parse(cohort.startDate)) / DAY);
	if (spec.autonomy?.end)
		await assess(db, nadia, cohort, userId, 'end', lastDay, spec.autonomy.end, dayAt(lastDay, '17:00'));
	await historicOutcomes(db, nadia, cohort, userId, spec, tz, now, dayAt(lastDay, '17:30'));
}

async function assess(
	db: Db,
	nadia: Actor,
	cohort: HistoricCohort,
	userId: string,
	stage: 'intake' | 'end',
	day: number,
	levels: (number | null)[],
	at: number
) {
	if (!levels.some((l) => l != null)) return;
	await saveAssessment(
		db,
		nadia,
		cohort.id,
		userId,
		{
			stage,
			day: addDays(cohort.startDate, day),
			note: '',
			levels: Object.fromEntries(AUTONOMY_DIMENSIONS.map((d, i) => [d, levels[i] ?? null]))
		},
		at
	);
}

/** The exit on the last day; +3 and +6 months answered a few days into their window, or three unanswered calls. */
async function historicOutcomes(
	db: Db,
	nadia: Actor,
	cohort: HistoricCohort,
	userId: string,
	spec: ParticipantSpec,
	tz: string,
	now: number,
	exitAt: number
) {
	const exit = spec.outcomes.exit;
	if (exit && exit !== 'no_news' && exitAt <= now)
		await recordExit(
			db,
			nadia,
			cohort.id,
			userId,
			{
				exitDate: cohort.endDate,
				ending: 'completed',
				earlyReason: null,
				situation: exit,
				contractBand: exit === 'cdi' ? 'permanent' : null
			},
			exitAt
		);
	for (const checkpoint of ['m3', 'm6'] as const) {
		const said = spec.outcomes[checkpoint];
		if (!said) continue;
		const w = checkpointWindow(checkpoint, cohort.endDate, DEFAULT_FOLLOW_UP, tz);
		const at = w.opensAt + 3 * DAY;
		if (at > now) continue;
		if (said === 'no_news') {
			for (const [i, channel] of (['phone', 'sms', 'phone'] as const).entries())
				await logFollowUpAttempt(db, nadia, cohort.id, userId, checkpoint, { channel, reached: false }, at + i * DAY);
			continue;
		}
		await recordCheckpoint(
			db,
			nadia,
			cohort.id,
			userId,
			{ checkpoint, situation: said, contractBand: said === 'cdi' ? 'permanent' : null, source: 'facilitator_contact' },
			at
		);
	}
}

/**
 * One historic participant's story: engagement and informal time go with positive exits, hybrid holds
 * attendance better than fully remote. Shared by the demo and the large generator (same distributions).
 */
export function historicParticipant(
	random: () => number,
	modality: Modality,
	coreSkills: readonly string[],
	firstName: string,
	sessions: readonly { minutes: number; optional?: boolean }[] = HISTORIC_SESSIONS
): ParticipantSpec {
	const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
	// Engagement: hybrid and in person hold people a little better than fully remote.
	const engagement = Math.min(1, Math.max(0, random() * 0.8 + (modality === 'remote' ? 0.05 : 0.18)));
	const obstacles = OBSTACLES.filter(() => random() < 0.22);
	const outOfWork = pick(OUT_OF_WORK);
	const long = outOfWork !== 'under_6m' && outOfWork !== '6_12m';
	const present = (m: number) => (random() < 0.5 + engagement * 0.5 ? Math.round(m * (0.75 + random() * 0.25)) : null);
	const intake = AUTONOMY_DIMENSIONS.map(() => 1 + Math.floor(random() * 3));
	const gained = Math.round(coreSkills.length * engagement * random());
	const score =
		-0.9 + 2.6 * engagement + (modality === 'hybrid' ? 0.3 : 0) - 0.35 * obstacles.length - (long ? 0.5 : 0);
	const chance = (shift: number) => 1 / (1 + Math.exp(-(score + shift)));
	const situation = (shift: number, lost: number): RecordedSituation | undefined => {
		const r = random();
		if (r < lost * 0.6) return 'no_news';
		if (r < lost) return undefined;
		return random() < chance(shift) ? pick(POSITIVE) : pick(OTHER);
	};
	return {
		firstName,
		minutes: sessions.map((a) => (a.optional && random() < 0.5 ? undefined : present(a.minutes))),
		handIn: random() < 0.3 + engagement * 0.6 ? (random() < 0.8 ? 'on_time' : 'late') : 'missing',
		evidence: coreSkills.flatMap((skillId, s) => [
			...(random() < 0.35 ? [{ skillId, level: 'with_help' as const, source: 'self' as const, day: -3 }] : []),
			...(s < gained ? [{ skillId, level: 'autonomous' as const, source: 'observed' as const, day: 2 + s }] : [])
		]),
		autonomy:
			random() < 0.96
				? {
						intake,
						end:
							random() < 0.9
								? intake.map((l) => Math.min(5, l + Math.round(engagement * 2 * random() + random() * 0.6)))
								: null
					}
				: null,
		goals: { achieved: Math.round(engagement * 3 * random()), open: Math.floor(random() * 2) },
		informalMinutes: Math.round((engagement * 150 * random()) / 15) * 15,
		deviceCheckDay: random() < 0.35 + engagement * 0.5 ? Math.floor(random() * 6) : null,
		profile:
			random() < 0.97
				? {
						ageBand: pick(AGE_BANDS),
						education: pick(EDUCATION_LEVELS),
						outOfWork,
						benefits: [pick(BENEFITS)],
						obstacles,
						consent: random() < 0.98
					}
				: null,
		outcomes: {
			exit: situation(-0.6, 0.03),
			m3: situation(-0.2, 0.12),
			m6: situation(0, 0.16)
		}
	};
}
