import { submissionsPersonData } from '../assignments/person-data.ts';
import { attendancePersonData } from '../attendance/person-data.ts';
import { authPersonData } from '../auth/person-data.ts';
import { autonomyPersonData } from '../autonomy/autonomy.ts';
import { calendarPersonData } from '../calendar/person-data.ts';
import { charterPersonData } from '../charter/charter.ts';
import { feedPersonData } from '../feed/person-data.ts';
import { goalsPersonData } from '../goals/goals.ts';
import { roomEventPersonData } from '../livekit/person-data.ts';
import { momentsPersonData } from '../moments/moments.ts';
import { notificationsPersonData } from '../notifications/person-data.ts';
import { profilePersonData } from '../profiles/profiles.ts';
import { skillsPersonData } from '../skills/person-data.ts';
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
	skillsPersonData,
	autonomyPersonData,
	goalsPersonData,
	momentsPersonData,
	submissionsPersonData,
	feedPersonData,
	notificationsPersonData,
	calendarPersonData,
	charterPersonData
];
