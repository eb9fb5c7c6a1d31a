import { autonomyPersonData } from '../autonomy/autonomy.ts';
import { charterPersonData } from '../charter/charter.ts';
import { skillsPersonData } from '../skills/skills.ts';
import { goalsPersonData } from '../goals/goals.ts';
import { momentsPersonData } from '../moments/moments.ts';
import type { PersonDataSection } from './person-data.ts';

/**
 * Every domain's share of a person's data, in export order. A domain that stores personal data
 * adds its section here (the export and the erasure both walk this list).
 */
export const PERSON_DATA_SECTIONS: PersonDataSection[] = [charterPersonData, autonomyPersonData, skillsPersonData, goalsPersonData, momentsPersonData];
