import { addDays, zonedInstant } from '#lib/server/cohorts/local-time.ts';
import type { Checkpoint } from '#lib/outcomes/situations.ts';

/** A programme's follow-up calendar (programme columns of migration 0012); the defaults when a cohort has none. */
export interface FollowUpSettings {
	m3Days: number;
	m6Days: number;
	windowDays: number;
}
export const DEFAULT_FOLLOW_UP: FollowUpSettings = { m3Days: 91, m6Days: 182, windowDays: 30 };

/** The follow-up checkpoints Tablée asks about (the exit is recorded at the end of the club). */
export const FOLLOW_UP_CHECKPOINTS = ['m3', 'm6'] as const;
export type FollowUpCheckpoint = (typeof FOLLOW_UP_CHECKPOINTS)[number];

export interface CheckpointWindow {
	checkpoint: Checkpoint;
	/** The club's calendar day the checkpoint opens ('YYYY-MM-DD'). */
	opensOn: string;
	/** The first day it is closed. */
	closesOn: string;
	/** The same two days as instants: midnight in the club's time zone. */
	opensAt: number;
	closesAt: number;
}

/**
 * When a checkpoint is open for answers: from midnight (club time) of the cohort's end date + the
 * checkpoint's days, for `windowDays` days. Counted in calendar days of the club, so a daylight-saving
 * change in between moves no checkpoint by an hour. The exit checkpoint is open from the exit (or the
 * cohort's end, whichever is later) for the same window: the person may correct what was recorded.
 */
export function checkpointWindow(
	checkpoint: Checkpoint,
	endDate: string,
	settings: FollowUpSettings,
	timeZone: string,
	exitDate?: string | null
): CheckpointWindow {
	const opensOn =
		checkpoint === 'm3'
			? addDays(endDate, settings.m3Days)
			: checkpoint === 'm6'
				? addDays(endDate, settings.m6Days)
				: exitDate && exitDate < endDate
					? exitDate
					: endDate;
	const closesOn = addDays(
		checkpoint === 'exit' ? (exitDate && exitDate > endDate ? exitDate : endDate) : opensOn,
		settings.windowDays
	);
	return {
		checkpoint,
		opensOn,
		closesOn,
		opensAt: zonedInstant(opensOn, '00:00', timeZone),
		closesAt: zonedInstant(closesOn, '00:00', timeZone)
	};
}

export type WindowState = 'not_yet' | 'open' | 'closed';

export function windowState(window: CheckpointWindow, now: number): WindowState {
	if (now < window.opensAt) return 'not_yet';
	return now < window.closesAt ? 'open' : 'closed';
}

/** After this many unanswered attempts, a checkpoint closes as "sans nouvelles" before its window ends. */
export const MAX_FAILED_ATTEMPTS = 3;

/**
 * The end-of-club questionnaire is open from the club's last day (midnight, club time) for the
 * follow-up window (30 days by default): it can be filled in during the last session or at home.
 */
export function questionnaireWindow(endDate: string, settings: FollowUpSettings, timeZone: string): CheckpointWindow {
	return checkpointWindow('exit', endDate, settings, timeZone);
}
