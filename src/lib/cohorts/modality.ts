import type { CohortModality } from './contract.ts';

/** How many of a cohort's required, not cancelled activities happen on video and in the room. */
export interface SessionCounts {
	live: number;
	inPerson: number;
}

/** The modality a cohort's sessions make: both kinds hybrid, one kind its own; null with neither (async only). */
export function modalityOfSessions({ live, inPerson }: SessionCounts): CohortModality | null {
	if (live > 0 && inPerson > 0) return 'hybrid';
	if (live > 0) return 'remote';
	if (inPerson > 0) return 'in_person';
	return null;
}

/**
 * The modality a cohort's sessions say, when it contradicts the declared one (a "remote" club that meets in the
 * room, a "hybrid" one that never does); null when they agree or say nothing. Optional activities do not count:
 * an à-la-carte visit does not make a remote club hybrid.
 */
export function modalityConflict(declared: CohortModality, sessions: SessionCounts): CohortModality | null {
	const said = modalityOfSessions(sessions);
	return said && said !== declared ? said : null;
}
