/**
 * Room names say what a room is for, so a webhook about a room leads back to its cohort/activity:
 * - `activity-<activityId>`: the main room of a live activity (stored on the activity row);
 * - `activity-<activityId>~g<n>`: breakout group n of that activity;
 * - `salon-<cohortId>`: the cohort's always-open salon de thé.
 */
export type RoomTarget =
	{ kind: 'activity'; activityId: string; group: number | null } | { kind: 'salon'; cohortId: string };

const ID = '[a-z2-7]{16}';
const ACTIVITY = new RegExp(`^activity-(${ID})(?:~g([1-9]\\d?))?$`);
const SALON = new RegExp(`^salon-(${ID})$`);

export const activityRoomName = (activityId: string) => `activity-${activityId}`;
export const breakoutRoomName = (activityId: string, group: number) => `${activityRoomName(activityId)}~g${group}`;
export const salonRoomName = (cohortId: string) => `salon-${cohortId}`;

export function parseRoomName(name: string): RoomTarget | null {
	const activity = ACTIVITY.exec(name);
	if (activity) return { kind: 'activity', activityId: activity[1], group: activity[2] ? Number(activity[2]) : null };
	const salon = SALON.exec(name);
	if (salon) return { kind: 'salon', cohortId: salon[1] };
	return null;
}
