// The words the pages show for catalogue ids: written as static message calls (so that each page ships
// only its messages), they must still cover every id and read an unknown one as itself.
import { describe, expect, it } from 'vitest';
import { answerLabel, questionLabel } from './outcomes/questionnaire-labels.ts';
import { bandLabel, checkpointLabel, situationLabel } from './outcomes/labels.ts';
import { eventLabel, ONBOARDING_WORDS, skillIcon, skillLabel } from './skills/skill-words.ts';
import { m } from '#lib/paraglide/messages.js';
import { CONTRACT_DURATION_BANDS, SITUATIONS } from '#lib/outcomes/situations.ts';
import { QUESTIONNAIRE_CHOICES, QUESTIONS } from '#lib/outcomes/questionnaire.ts';
import { ONBOARDING_SKILLS, SKILL_IDS } from '#lib/skills/contract.ts';

describe('catalogue words', () => {
	it('names every skill, its pictogram and its onboarding step', () => {
		for (const id of SKILL_IDS) {
			expect(skillLabel(id)).not.toBe(id);
			expect(skillIcon(id)).not.toBe('📱');
		}
		expect(skillLabel('join_video_call')).toBe(m.skill_join_video_call());
		for (const id of ONBOARDING_SKILLS) expect(ONBOARDING_WORDS[id].title()).not.toBe(ONBOARDING_WORDS[id].text());
		expect(skillLabel('no_such_skill')).toBe('no_such_skill');
		expect(skillLabel('toString')).toBe('toString');
		expect(eventLabel('room_joined')).toBe(m.skills_event_room_joined());
		expect(eventLabel('something_new')).toBe(m.skills_event_other());
	});

	it('names every situation, band and checkpoint; an empty id reads as nothing', () => {
		const words = SITUATIONS.map(situationLabel);
		expect(new Set(words).size).toBe(SITUATIONS.length);
		for (const [i, id] of SITUATIONS.entries()) expect(words[i]).not.toBe(id);
		for (const band of CONTRACT_DURATION_BANDS) expect(bandLabel(band)).not.toBe(band);
		expect(situationLabel('no_news')).toBe(m.outcome_situation_no_news());
		expect(checkpointLabel('m3')).toBe(m.outcome_checkpoint_m3());
		expect(situationLabel(null)).toBe('');
		expect(situationLabel('hasOwnProperty')).toBe('hasOwnProperty');
	});

	it('words every question and every choice of the questionnaire', () => {
		for (const q of QUESTIONS) expect(questionLabel(q)).not.toBe(q);
		for (const [q, values] of Object.entries(QUESTIONNAIRE_CHOICES))
			for (const value of values) expect(answerLabel(q as keyof typeof QUESTIONNAIRE_CHOICES, value)).not.toBe(value);
		expect(answerLabel('sentence', 'Merci à tous')).toBe('Merci à tous');
		expect(answerLabel('useful', '')).toBe(m.quest_no_answer());
		expect(answerLabel('useful', 'unheard_of')).toBe('unheard_of');
	});
});
