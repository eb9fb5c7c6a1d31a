import { submissionsPersonData, waiversPersonData } from '#lib/server/assignments/person-data.ts';
import { attendancePersonData } from '#lib/server/attendance/person-data.ts';
import { authPersonData } from '#lib/server/auth/person-data.ts';
import { autonomyPersonData } from '#lib/server/autonomy/autonomy.ts';
import { calendarPersonData } from '#lib/server/calendar/person-data.ts';
import { charterPersonData } from '#lib/server/charter/charter.ts';
import { feedPersonData } from '#lib/server/feed/person-data.ts';
import { goalsPersonData } from '#lib/server/goals/goals.ts';
import { roomEventPersonData } from '#lib/server/livekit/person-data.ts';
import { momentsPersonData } from '#lib/server/moments/moments.ts';
import { outcomesPersonData } from '#lib/server/outcomes/outcomes.ts';
import { notificationsPersonData } from '#lib/server/notifications/person-data.ts';
import { pollsPersonData } from '#lib/server/polls/person-data.ts';
import { participationPersonData } from '#lib/server/participation/person-data.ts';
import { profilePersonData } from '#lib/server/profiles/profiles.ts';
import { skillsPersonData } from '#lib/server/skills/person-data.ts';
import type { PersonDataSection } from './person-data.ts';

/**
 * Every domain's share of a person's data, in export order. A domain that stores personal data
 * adds its section here (the export and the erasure both walk this list).
 */
export const PERSON_DATA_SECTIONS: PersonDataSection[] = [
	profilePersonData,
	authPersonData,
	attendancePersonData,
	roomEventPersonData,
	pollsPersonData,
	participationPersonData,
	skillsPersonData,
	autonomyPersonData,
	goalsPersonData,
	momentsPersonData,
	submissionsPersonData,
	waiversPersonData,
	feedPersonData,
	notificationsPersonData,
	calendarPersonData,
	charterPersonData,
	outcomesPersonData
];
