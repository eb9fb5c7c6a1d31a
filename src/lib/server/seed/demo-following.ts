import type { Db } from '#lib/server/db/index.ts';
import type { Actor } from '#lib/server/auth/policy.ts';
import { addDays } from '#lib/server/cohorts/local-time.ts';
import { createGoal } from '#lib/server/goals/goals.ts';
import type { GoalInput } from '#lib/server/goals/schemas.ts';
import { logMoment } from '#lib/server/moments/moments.ts';
import type { MomentInput } from '#lib/server/moments/schemas.ts';
import { saveProfile } from '#lib/server/profiles/profiles.ts';
import { DEMO_COHORTS } from './demo.ts';

type DemoGoal = [nameKey: string, day: number, goal: GoalInput];
/** Last year's goals: what people aimed for and where they got (day = cohort day it was last updated). */
const GOALS: DemoGoal[] = [
	[
		'yasmina',
		4,
		{ kind: 'step', category: 'cv', title: 'Un CV à jour, relu par le groupe', targetDate: null, status: 'achieved' }
	],
	[
		'yasmina',
		14,
		{
			kind: 'step',
			category: 'interview',
			title: 'Passer un entretien blanc en visio',
			targetDate: null,
			status: 'achieved'
		}
	],
	[
		'yasmina',
		25,
		{
			kind: 'end',
			category: 'training',
			title: 'Entrer en formation d’aide-soignante',
			targetDate: null,
			status: 'achieved'
		}
	],
	[
		'olivier',
		11,
		{
			kind: 'step',
			category: 'digital',
			title: 'Créer mon espace candidat et y déposer mon CV',
			targetDate: null,
			status: 'achieved'
		}
	],
	[
		'olivier',
		25,
		{ kind: 'end', category: 'job', title: 'Un CDD de magasinier', targetDate: null, status: 'achieved' }
	],
	[
		'amina',
		9,
		{
			kind: 'end',
			category: 'diploma',
			title: 'Faire reconnaître mon diplôme d’infirmière',
			targetDate: null,
			status: 'in_progress'
		}
	],
	['dylan', 3, { kind: 'step', category: 'cv', title: 'Écrire mon premier CV', targetDate: null, status: 'dropped' }]
];

type DemoMoment = [day: number, time: string, people: string[], moment: Omit<MomentInput, 'date' | 'time' | 'people'>];
/** Last year's informal moments, logged by the facilitator beside the programme. */
const MOMENTS: DemoMoment[] = [
	[
		0,
		'09:15',
		['yasmina', 'olivier', 'amina', 'laurent', 'chloe'],
		{ kind: 'ice_breaker', durationMinutes: 20, note: 'Le jeu des prénoms : tout le monde a parlé.' }
	],
	[
		7,
		'12:00',
		['yasmina', 'amina', 'dylan', 'sandrine'],
		{ kind: 'lunch', durationMinutes: 60, note: 'Repas partagé après l’atelier CV.' }
	],
	[
		11,
		'11:00',
		['yasmina', 'dylan'],
		{ kind: 'peer_help', durationMinutes: 25, note: 'Aide pour créer l’espace candidat, sans le facilitateur.' }
	],
	[16, '10:45', ['olivier', 'rachid', 'brigitte'], { kind: 'coffee_break', durationMinutes: 15, note: '' }]
];

/**
 * Last year's cohort followed as a facilitator would: goals reached or on their way, informal moments
 * beside the programme, and one intake profile with the person's consent. Seeded through the domain
 * (the same checks as the pages), dated inside that cohort.
 */
export async function seedDemoFollowing(db: Db, facilitator: Actor, now: number): Promise<void> {
	const cohort = await db
		.selectFrom('cohort')
		.select(['id', 'start_date'])
		.where('code', '=', DEMO_COHORTS.lastYear.code)
		.executeTakeFirstOrThrow();
	const members = new Map(
		(
			await db.selectFrom('cohort_member').select(['name_key', 'user_id']).where('cohort_id', '=', cohort.id).execute()
		).map((m) => [m.name_key, m.user_id])
	);
	const person = (nameKey: string) => {
		const id = members.get(nameKey);
		if (!id) throw new Error(`demo: no ${nameKey} in ${DEMO_COHORTS.lastYear.code}`);
		return id;
	};
	const at = (day: number, hour = 12) =>
		Math.min(Date.parse(`${addDays(cohort.start_date, day)}T${String(hour).padStart(2, '0')}:00:00Z`), now);

	for (const [nameKey, day, goal] of GOALS) {
		const id = await createGoal(db, facilitator, cohort.id, person(nameKey), goal, at(day));
		// Last year's celebrations were seen long ago.
		if (goal.status === 'achieved')
			await db
				.updateTable('goal')
				.set({ celebration_seen_at: at(day, 18) })
				.where('id', '=', id)
				.execute();
	}
	for (const [day, time, people, moment] of MOMENTS) {
		await logMoment(
			db,
			facilitator,
			cohort.id,
			{ ...moment, date: addDays(cohort.start_date, day), time, people: people.map(person) },
			at(day, 20)
		);
	}
	await saveProfile(
		db,
		facilitator,
		cohort.id,
		person('yasmina'),
		{
			ageBand: '26_34',
			educationLevel: 'bac',
			outOfWork: '12_24m',
			benefits: ['rsa'],
			referredBy: 'france_travail',
			referredNote: '',
			obstacles: ['childcare', 'mobility'],
			obstaclesNote: 'Deux enfants en bas âge ; pas de voiture.',
			mobilityKm: 15,
			preferences: 'Les métiers du soin ; horaires compatibles avec l’école.',
			target: 'training',
			targetNote: 'Formation d’aide-soignante.',
			consent: true,
			consentHow: 'paper'
		},
		at(0, 10)
	);
}
