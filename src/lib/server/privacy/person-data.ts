import type { Db } from '#lib/server/db/index.ts';

/**
 * One domain's share of a person's data, for the GDPR rights (issue 5):
 * - `collect` returns everything this domain holds about the person (access / portability),
 *   as plain JSON-serialisable values;
 * - `erase` removes or anonymises whatever identifies the person, inside the erasure's single
 *   transaction, while keeping what cohort aggregates need (an attendance row keeps its minutes,
 *   an assessment its scores, but free text written about or by the person goes).
 *
 * Every domain module that stores personal data exports one section; `sections.ts` lists them all.
 */
export interface PersonDataSection {
	/** The key of this section in the export (e.g. 'goals'). */
	key: string;
	collect(db: Db, userId: string): Promise<unknown>;
	erase(trx: Db, userId: string, now: number): Promise<void>;
}
