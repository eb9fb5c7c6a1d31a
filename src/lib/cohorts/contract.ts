/**
 * What the cohort page and its timeline receive from the server (cohorts/cohorts.ts getCohort,
 * activities/activities.ts cohortTimeline): views, not rows. Nothing here may import server code.
 */
export type CohortModality = 'remote' | 'hybrid' | 'in_person';
export type ActivityKind = 'live' | 'in_person' | 'async' | 'informal';

export interface CohortView {
	id: string;
	name: string;
	/** The short code participants type to come back with their PIN. */
	code: string;
	/** 'YYYY-MM-DD'. */
	startDate: string;
	endDate: string;
	modality: CohortModality;
}

export interface CohortFacilitatorView {
	id: string;
	firstName: string;
	lastName: string | null;
}

/** A participant as the cohort page lists them (first name only: a group's page, not a file). */
export interface CohortParticipantView {
	id: string;
	firstName: string;
	peerAmbassador: boolean;
}

/** One activity on the cohort's week-by-week timeline, dated in the club's time zone. */
export interface TimelineActivityView {
	id: string;
	kind: ActivityKind;
	title: string;
	/** 'YYYY-MM-DD' and 'HH:MM', local to the club. */
	date: string;
	time: string;
	startsAt: number;
	durationMinutes: number;
	objectives: string;
	optional: boolean;
	/** Where it happens in person, and what to do without video ('' when not said). */
	place: string;
	fallback: string;
}

export interface TimelineWeekView {
	/** Monday of the week, 'YYYY-MM-DD'. */
	start: string;
	/** 1 for the cohort's first week. */
	number: number;
	days: { date: string; activities: TimelineActivityView[] }[];
}
