import type { Db } from '#lib/server/db/index.ts';
import type { Modality } from '#lib/server/db/schema.ts';
import { addDays, weekStart, zonedParts } from '#lib/server/cohorts/local-time.ts';
import { AUTONOMY_DIMENSIONS } from '#lib/autonomy/ladder.ts';
import type { RecordedSituation } from '#lib/outcomes/situations.ts';
import { AGE_BANDS, BENEFITS, EDUCATION_LEVELS, OBSTACLES, OUT_OF_WORK } from '#lib/server/profiles/schemas.ts';
import { buildCohort, buildParticipant, buildUser, type ParticipantSpec } from '#lib/server/insights/club-builder.ts';
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

/** The demo's historic programme: five sessions and one à la carte. */
const HISTORIC_SESSIONS = [
	{ day: 0, minutes: 150 },
	{ day: 2, minutes: 150 },
	{ day: 7, minutes: 150 },
	{ day: 9, minutes: 150 },
	{ day: 14, minutes: 90, optional: true },
	{ day: 21, minutes: 150 }
];

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

/**
 * Two years of past cohorts (in person, remote, hybrid) for the director's page: attendance, skills,
 * autonomy, goals, informal time, intake profiles and outcomes telling one story — engagement and
 * informal time go with positive exits; hybrid holds attendance better than fully remote. One
 * cohort of 4 shows "moins de 5". Outcomes are written straight into the 0012 tables for now (to be
 * routed through the outcomes domain's functions once both branches are merged).
 */
export async function seedHistoric(db: Db, now: number, cohortCount = 30): Promise<void> {
	const organisation = await db.selectFrom('organisation').select(['id', 'time_zone']).executeTakeFirstOrThrow();
	const programme = await db
		.selectFrom('programme')
		.select('id')
		.where('organisation_id', '=', organisation.id)
		.orderBy('created_at')
		.executeTakeFirstOrThrow();
	const core = await db
		.selectFrom('programme_block_skill')
		.innerJoin('programme_block', 'programme_block.id', 'programme_block_skill.block_id')
		.select('programme_block_skill.skill_id')
		.where('programme_block.programme_id', '=', programme.id)
		.distinct()
		.execute();
	const coreSkills = core.map((c) => c.skill_id);
	const random = seededRandom(2026);
	const tz = organisation.time_zone;
	await db.transaction().execute(async (trx) => {
		const facilitator = await buildUser(trx, organisation.id, 'facilitator', 'Nadia', null, now);
		const first = weekStart(addDays(zonedParts(now, tz).date, -26 * 30));
		for (let k = 0; k < cohortCount; k++) {
			const modality = MODALITIES[k % 3];
			const startDate = weekStart(addDays(first, k * 22));
			const small = k === 4;
			const name = small ? SMALL_HISTORIC_COHORT : `Club ${startDate.slice(0, 7)} · ${MODALITY_NAME[modality]}`;
			const cohort = await buildCohort(trx, {
				organisationId: organisation.id,
				programmeId: programme.id,
				name,
				startDate,
				activities: HISTORIC_SESSIONS,
				assignmentOn: 1,
				modality,
				facilitatorId: facilitator,
				timeZone: tz,
				now
			});
			const size = small ? 4 : 9 + Math.floor(random() * 5);
			for (let i = 0; i < size; i++) {
				await buildParticipant(
					trx,
					organisation.id,
					cohort,
					historicParticipant(random, modality, coreSkills, HISTORIC_NAMES[(k * 7 + i) % HISTORIC_NAMES.length]),
					tz,
					now
				);
			}
		}
	});
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
