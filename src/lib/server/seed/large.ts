import type { Db } from '#lib/server/db/index.ts';
import { newId } from '#lib/server/db/ids.ts';
import { hashSecret } from '#lib/server/auth/secrets.ts';
import { addDays, weekStart, zonedParts } from '#lib/server/cohorts/local-time.ts';
import { SKILL_IDS } from '#lib/skills/contract.ts';
import {
	buildOrganisation,
	buildProgramme,
	buildUser,
	cohortRows,
	insertCohortRows,
	insertParticipantRows,
	participantRows,
	type CohortRows,
	type ParticipantRows
} from '#lib/server/insights/club-builder.ts';
import { refreshRollups } from '#lib/server/insights/rollups.ts';
import { DEMO_PASSWORD } from './demo.ts';
import { HISTORIC_NAMES } from './historic-names.ts';
import { historicParticipant, MODALITIES, MODALITY_NAME, seededRandom } from './historic.ts';

export interface LargeOptions {
	cohorts: number;
	participants: number;
	/** Cohorts written per transaction. */
	batch: number;
	seed: number;
	now: number;
	log?: (line: string) => void;
}

export const LARGE_DEFAULTS: Omit<LargeOptions, 'now'> = { cohorts: 2000, participants: 50_000, batch: 40, seed: 13 };
export const LARGE_DIRECTOR_EMAIL = 'direction@grand.tablee.fr';

/** Six weeks, two sessions a week, the fifth week's second one à la carte. */
const LARGE_SESSIONS = Array.from({ length: 12 }, (_, i) => ({
	day: Math.floor(i / 2) * 7 + (i % 2) * 2,
	minutes: i % 2 ? 120 : 150,
	optional: i === 9
}));

const PROGRAMMES = [
	{ title: 'Club emploi', skills: SKILL_IDS.slice(0, 6) },
	{ title: 'Club numérique', skills: SKILL_IDS.slice(4, 13) },
	{ title: 'Club jeunes', skills: SKILL_IDS.slice(0, 4) },
	{ title: 'Club reprise', skills: SKILL_IDS.slice(6, 10) }
];

/**
 * A whole network for the bench (`npm run db:seed:large`): one organisation with `cohorts` cohorts over
 * three years and `participants` people in them, each with the demo's historic distributions
 * (historicParticipant). Rows are built in memory and written in multi-row inserts, `batch` cohorts
 * per transaction, on SQLite and PostgreSQL alike. Returns the organisation and its director.
 */
export async function seedLarge(
	db: Db,
	options: LargeOptions
): Promise<{ organisationId: string; directorId: string; cohorts: number; participants: number }> {
	const { now } = options;
	const log = options.log ?? (() => {});
	const random = seededRandom(options.seed);
	const timeZone = 'Europe/Paris';
	const organisationId = await buildOrganisation(db, 'Réseau des clubs (grand jeu de données)', timeZone, now);
	const directorId = newId();
	await db
		.insertInto('user')
		.values({
			id: directorId,
			organisation_id: organisationId,
			role: 'director',
			first_name: 'Direction',
			last_name: null,
			email: LARGE_DIRECTOR_EMAIL,
			password_hash: await hashSecret(DEMO_PASSWORD),
			pin_hash: null,
			disabled_at: null,
			created_at: now
		})
		.execute();
	const programmes = [];
	for (const p of PROGRAMMES) {
		programmes.push({ id: await buildProgramme(db, organisationId, directorId, p.title, p.skills, now), ...p });
	}
	// One facilitator for about ten cohorts, as in a real network.
	const facilitators: string[] = [];
	for (let f = 0; f < Math.max(1, Math.ceil(options.cohorts / 10)); f++) {
		facilitators.push(
			await buildUser(
				db,
				organisationId,
				'facilitator',
				`Animatrice ${f + 1}`,
				`animation${f + 1}@grand.tablee.fr`,
				now
			)
		);
	}
	// Sizes around the mean (±40 %), paired so that they add up to exactly `participants`.
	const mean = options.participants / options.cohorts;
	const sizes = Array.from({ length: options.cohorts }, () => 0);
	for (let k = 0; k + 1 < options.cohorts; k += 2) {
		const jitter = Math.round((random() - 0.5) * 0.8 * mean);
		sizes[k] = Math.round(mean) + jitter;
		sizes[k + 1] = Math.round(mean) - jitter;
	}
	const missing = options.participants - sizes.reduce((s, n) => s + n, 0);
	for (let i = 0; i < Math.abs(missing); i++) sizes[i % options.cohorts] += Math.sign(missing);
	// Every checkpoint due: the last cohort starts eight months ago, the first three years before.
	const latest = weekStart(addDays(zonedParts(now, timeZone).date, -8 * 30));
	const spanDays = 3 * 365;
	let written = 0;
	for (let from = 0; from < options.cohorts; from += options.batch) {
		const cohortBatch: CohortRows[] = [];
		const peopleBatch: ParticipantRows[] = [];
		for (let k = from; k < Math.min(options.cohorts, from + options.batch); k++) {
			const modality = MODALITIES[Math.floor(random() * MODALITIES.length)];
			const programme = programmes[k % programmes.length];
			const startDate = weekStart(
				addDays(latest, -Math.floor(((options.cohorts - 1 - k) * spanDays) / options.cohorts))
			);
			const cohort = cohortRows({
				organisationId,
				programmeId: programme.id,
				name: `${programme.title} ${startDate} · ${MODALITY_NAME[modality]} · ${k + 1}`,
				startDate,
				activities: LARGE_SESSIONS,
				assignmentOn: 1,
				modality,
				facilitatorId: facilitators[k % facilitators.length],
				timeZone,
				now
			});
			cohortBatch.push(cohort);
			for (let i = 0; i < sizes[k]; i++) {
				const name = HISTORIC_NAMES[(k * 7 + i) % HISTORIC_NAMES.length];
				const spec = historicParticipant(random, modality, programme.skills, name, LARGE_SESSIONS);
				peopleBatch.push(participantRows(organisationId, cohort.built, spec, timeZone, now));
			}
		}
		await db.transaction().execute(async (trx) => {
			await insertCohortRows(trx, cohortBatch);
			await insertParticipantRows(trx, peopleBatch);
			// The director's figures kept up to date, as every write through the domain does.
			await refreshRollups(
				trx,
				cohortBatch.map((c) => c.built.id),
				now
			);
		});
		written += peopleBatch.length;
		log(`${Math.min(options.cohorts, from + options.batch)} cohorts, ${written} participants`);
	}
	return { organisationId, directorId, cohorts: options.cohorts, participants: written };
}
