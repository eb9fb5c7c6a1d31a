import type { Db } from '#lib/server/db/index.ts';
import { DEMO_COHORTS } from './demo.ts';

const DEMO_CHARTER = [
	'On arrive à l’heure, ou on prévient le groupe.',
	'On écoute sans couper la parole ; chacun a le droit de ne pas savoir.',
	'Ce qui se dit dans le groupe reste dans le groupe.',
	'On s’entraide : demander de l’aide, c’est déjà avancer.',
	'En visio, on garde la caméra quand on peut, et on lève la main pour parler.'
].join('\n');

/** The demo club's charter, written on the first morning; last year's group all accepted it, this year's mostly. */
export async function seedDemoCharter(db: Db, facilitatorIds: Record<string, string>, now: number): Promise<void> {
	for (const [key, { code }] of Object.entries(DEMO_COHORTS)) {
		const cohort = await db
			.selectFrom('cohort')
			.select(['id', 'start_date'])
			.where('code', '=', code)
			.executeTakeFirstOrThrow();
		const at = Math.min(Date.parse(`${cohort.start_date}T11:30:00Z`), now);
		await db
			.insertInto('charter')
			.values({ cohort_id: cohort.id, body: DEMO_CHARTER, version: 1, updated_by: facilitatorIds[key], updated_at: at })
			.execute();
		const members = await db
			.selectFrom('cohort_member')
			.select(['user_id', 'name_key'])
			.where('cohort_id', '=', cohort.id)
			.where('role', '=', 'participant')
			.orderBy('name_key')
			.execute();
		// This year, the first demo participant (Fatima) has not accepted yet: her /me asks her to.
		const accepting = key === 'now' ? members.filter((m) => m.name_key !== 'fatima').slice(0, 8) : members;
		if (accepting.length) {
			await db
				.insertInto('charter_acceptance')
				.values(
					accepting.map((m, i) => ({
						cohort_id: cohort.id,
						user_id: m.user_id,
						version: 1,
						accepted_at: at + (i + 1) * 60_000
					}))
				)
				.execute();
		}
	}
}
