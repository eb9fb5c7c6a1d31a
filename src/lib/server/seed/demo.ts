import type { Db } from '#lib/server/db/index.ts';
import { newId } from '#lib/server/db/ids.ts';
import { createInvite, redeemInvite } from '#lib/server/auth/invites.ts';
import type { Actor } from '#lib/server/auth/policy.ts';
import { hashSecret } from '#lib/server/auth/secrets.ts';
import { createCohort } from '#lib/server/cohorts/cohorts.ts';
import { addDays, weekStart, zonedParts } from '#lib/server/cohorts/local-time.ts';
import type { BlockKind, Role } from '#lib/server/db/schema.ts';
import { addBlock, createProgramme } from '#lib/server/programmes/programmes.ts';
import { seedDemoCharter } from './demo-charter.ts';
import { seedDemoAutonomy } from './demo-autonomy.ts';
import { seedDemoFollowing } from './demo-following.ts';
import { seedDemoOutcomes } from './demo-outcomes.ts';
import { clock } from '#lib/server/clock.ts';
import { refreshRollups } from '#lib/server/insights/rollups.ts';
import { seedDemoRegister } from './demo-register.ts';

/** Demo logins, listed in the README. */
export const DEMO_PASSWORD = 'tablee-demo-2026';
export const DEMO_PIN = '1234';
export const DEMO_STAFF = {
	admin: { firstName: 'Hélène', lastName: 'Martin', email: 'admin@demo.tablee.fr', role: 'admin' },
	director: { firstName: 'Catherine', lastName: 'Lefèvre', email: 'direction@demo.tablee.fr', role: 'director' },
	facilitatorNow: { firstName: 'Claire', lastName: 'Dubois', email: 'claire@demo.tablee.fr', role: 'facilitator' },
	facilitatorLastYear: { firstName: 'Julien', lastName: 'Moreau', email: 'julien@demo.tablee.fr', role: 'facilitator' }
} as const satisfies Record<string, { firstName: string; lastName: string; email: string; role: Role }>;
export const DEMO_COHORTS = {
	now: {
		code: 'DEMO26',
		participants: [
			'Fatima',
			'Mamadou',
			'Sophie',
			'Thierry',
			'Aïcha',
			'Kevin',
			'Nathalie',
			'Moussa',
			'Leïla',
			'Patrick',
			'Inès',
			'Samir'
		]
	},
	lastYear: {
		code: 'DEMO25',
		participants: [
			'Yasmina',
			'Olivier',
			'Amina',
			'Laurent',
			'Chloé',
			'Youssef',
			'Brigitte',
			'Marie-Claire',
			'Dylan',
			'Sandrine',
			'Rachid'
		]
	}
};

type Block = [
	day: number,
	time: string,
	kind: BlockKind,
	minutes: number,
	title: string,
	objectives: string,
	skills: string[],
	optional?: boolean
];
const BLOCKS: Block[] = [
	[0, '09:30', 'informal', 30, 'Salon de thé d’accueil', 'Se rencontrer autour d’un café avant de commencer.', []],
	[
		0,
		'10:00',
		'in_person',
		120,
		'Présentations et charte du groupe',
		'Faire connaissance ; écrire ensemble nos règles de groupe.',
		[]
	],
	[
		1,
		'09:30',
		'live',
		90,
		'Prise en main de la visio',
		'Rejoindre une visio depuis son téléphone ; caméra, micro, lever la main.',
		['join_video_call', 'camera_mic_toggle', 'raise_hand']
	],
	[
		2,
		'09:00',
		'async',
		60,
		'Mon parcours en 5 lignes',
		'Écrire ou dire en audio son parcours ; l’envoyer depuis le téléphone.',
		['send_document']
	],
	[3, '10:00', 'informal', 45, 'Café virtuel', 'Un moment pour se parler, sans programme.', ['use_chat']],
	[
		4,
		'09:30',
		'live',
		90,
		'Mes atouts et mes compétences',
		'Repérer ce que je sais faire ; le dire avec mes mots.',
		['use_chat']
	],
	[
		7,
		'09:30',
		'in_person',
		180,
		'Atelier CV',
		'Construire un CV clair ; prendre ses documents en photo.',
		['photo_document']
	],
	[8, '09:00', 'async', 120, 'Mon CV — première version', 'Rendre une première version du CV.', ['send_document']],
	[
		9,
		'09:30',
		'live',
		90,
		'Lire une offre d’emploi',
		'Comprendre une offre ; repérer ce que l’employeur attend.',
		['fill_online_form']
	],
	[10, '14:00', 'informal', 60, 'Salon de thé', 'Échanger entre pairs : trucs, astuces, nouvelles.', []],
	[
		11,
		'09:30',
		'live',
		90,
		'Candidater en ligne',
		'Créer son espace candidat ; envoyer une candidature.',
		['apply_online', 'email_address']
	],
	[14, '09:30', 'in_person', 180, 'Simulation d’entretien', 'S’entraîner à l’entretien en binôme.', []],
	[
		15,
		'09:00',
		'async',
		120,
		'Trois candidatures',
		'Envoyer trois candidatures et noter les réponses.',
		['apply_online']
	],
	[
		16,
		'09:30',
		'live',
		90,
		'Démarches en ligne : France Travail, CAF, santé',
		'Se connecter à ses espaces ; trouver un document.',
		['fill_online_form']
	],
	[18, '10:00', 'in_person', 150, 'Visite d’entreprise', 'Découvrir un métier sur place.', [], true],
	[
		21,
		'09:30',
		'live',
		90,
		'Préparer un entretien en visio',
		'Partager son écran ; se présenter en 2 minutes.',
		['share_screen']
	],
	[23, '09:00', 'async', 60, 'Mon plan d’action', 'Écrire mes trois prochaines étapes.', ['add_calendar_event']],
	[25, '10:00', 'in_person', 150, 'Bilan et fête de fin', 'Mesurer le chemin parcouru ; se dire au revoir.', []]
];

/** Seeds the demo club once; returns false when the database already holds an organisation. */
export async function seedDemo(db: Db, now = clock.now()): Promise<boolean> {
	if (await db.selectFrom('organisation').select('id').executeTakeFirst()) return false;
	const organisationId = newId();
	const timeZone = 'Europe/Paris';
	await db
		.insertInto('organisation')
		.values({ id: organisationId, name: 'Club emploi de Belleville (démo)', time_zone: timeZone, created_at: now })
		.execute();

	const passwordHash = await hashSecret(DEMO_PASSWORD);
	const actors = {} as Record<keyof typeof DEMO_STAFF, Actor>;
	for (const [key, s] of Object.entries(DEMO_STAFF) as [
		keyof typeof DEMO_STAFF,
		(typeof DEMO_STAFF)[keyof typeof DEMO_STAFF]
	][]) {
		const id = newId();
		await db
			.insertInto('user')
			.values({
				id,
				organisation_id: organisationId,
				role: s.role,
				first_name: s.firstName,
				last_name: s.lastName,
				email: s.email,
				password_hash: passwordHash,
				pin_hash: null,
				disabled_at: null,
				created_at: now
			})
			.execute();
		actors[key] = {
			id,
			organisation_id: organisationId,
			role: s.role,
			first_name: s.firstName,
			last_name: s.lastName,
			email: s.email
		};
	}

	const programmeId = await createProgramme(db, actors.facilitatorNow, {
		title: 'Club emploi — 4 semaines hybride',
		description:
			'Quatre semaines pour reprendre confiance, préparer ses outils et candidater : des matinées en groupe, sur place ou en visio, et du travail personnel entre les séances.'
	});
	for (const [dayOffset, startTime, kind, durationMinutes, title, objectives, skills, optional] of BLOCKS) {
		await addBlock(db, actors.facilitatorNow, programmeId, {
			kind,
			title,
			dayOffset,
			startTime,
			durationMinutes,
			objectives,
			optional: !!optional,
			skills
		});
	}

	// The running cohort started on the Monday two weeks ago; last year's ran in the autumn.
	const today = zonedParts(now, timeZone).date;
	const cohorts = [
		{
			key: 'now' as const,
			actor: actors.facilitatorNow,
			name: `Club emploi — automne ${today.slice(0, 4)}`,
			start: addDays(weekStart(today), -14),
			modality: 'hybrid' as const
		},
		{
			key: 'lastYear' as const,
			actor: actors.facilitatorLastYear,
			name: `Club emploi — automne ${Number(today.slice(0, 4)) - 1}`,
			start: weekStart(`${Number(today.slice(0, 4)) - 1}-09-15`),
			modality: 'remote' as const
		}
	];
	for (const c of cohorts) {
		const cohortId = await createCohort(
			db,
			c.actor,
			{ programmeId, name: c.name, startDate: c.start, modality: c.modality },
			now
		);
		await db.updateTable('cohort').set({ code: DEMO_COHORTS[c.key].code }).where('id', '=', cohortId).execute();
		const { token } = await createInvite(
			db,
			c.actor,
			cohortId,
			{ maxUses: DEMO_COHORTS[c.key].participants.length, validHours: 1 },
			now
		);
		for (const firstName of DEMO_COHORTS[c.key].participants) {
			await redeemInvite(db, token, { firstName, pin: DEMO_PIN }, now);
		}
	}
	// A peer ambassador in the running cohort welcomes newcomers.
	const ambassador = await db
		.selectFrom('cohort_member')
		.innerJoin('cohort', 'cohort.id', 'cohort_member.cohort_id')
		.select(['cohort_member.cohort_id', 'cohort_member.user_id'])
		.where('cohort.code', '=', DEMO_COHORTS.now.code)
		.where('cohort_member.name_key', '=', 'sophie')
		.executeTakeFirstOrThrow();
	await db
		.updateTable('cohort_member')
		.set({ peer_ambassador: 1 })
		.where('cohort_id', '=', ambassador.cohort_id)
		.where('user_id', '=', ambassador.user_id)
		.execute();
	await seedDemoCharter(db, { now: actors.facilitatorNow.id, lastYear: actors.facilitatorLastYear.id }, now);
	await seedDemoAutonomy(db, actors.facilitatorLastYear.id, now);
	await seedDemoFollowing(db, actors.facilitatorLastYear, now);
	await seedDemoOutcomes(db, { now: actors.facilitatorNow, lastYear: actors.facilitatorLastYear }, now);
	// This year's cohort has its register for the sessions before today; last year's kept none ("non renseigné").
	const running = await db
		.selectFrom('cohort')
		.select('id')
		.where('code', '=', DEMO_COHORTS.now.code)
		.executeTakeFirstOrThrow();
	await seedDemoRegister(db, actors.facilitatorNow, running.id, timeZone, now);
	// A few demo rows go in directly (members, autonomy, goals, outcomes): the director's figures from them all.
	const demoCohorts = await db
		.selectFrom('cohort')
		.select('id')
		.where('organisation_id', '=', organisationId)
		.execute();
	await refreshRollups(
		db,
		demoCohorts.map((c) => c.id),
		now
	);
	return true;
}
