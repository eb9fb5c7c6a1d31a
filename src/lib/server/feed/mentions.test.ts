import { describe, expect, it } from 'vitest';
import { findMentions } from './mentions.ts';

const members = [
	{ id: 'fatima', firstName: 'Fatima' },
	{ id: 'aicha', firstName: 'Aïcha' },
	{ id: 'marie', firstName: 'Marie' },
	{ id: 'marie-claire', firstName: 'Marie-Claire' },
	{ id: 'zoe', firstName: 'Zoé B.' },
	{ id: 'claire-staff', firstName: 'Claire' },
	{ id: 'claire-participant', firstName: 'claire' }
];

describe('findMentions', () => {
	it('finds @Prénom whatever the case and accents', () => {
		expect(findMentions('Bravo @fatima et @AICHA !', members)).toEqual(['fatima', 'aicha']);
		expect(findMentions('Merci @Aïcha.', members)).toEqual(['aicha']);
	});

	it('prefers the longest name and needs the name to end', () => {
		expect(findMentions('@Marie-Claire, à demain', members)).toEqual(['marie-claire']);
		expect(findMentions('@Marie, à demain', members)).toEqual(['marie']);
		expect(findMentions('@Mariette et @Fatimata', members)).toEqual([]);
	});

	it('reads first names with spaces and dots', () => {
		expect(findMentions('Pour @Zoé  B. : le lien', members)).toEqual(['zoe']);
	});

	it('names every member who has that first name, each once', () => {
		expect(findMentions('@Claire @claire @CLAIRE', members)).toEqual(['claire-staff', 'claire-participant']);
	});

	it('ignores e-mail addresses, a lone @ and unknown names', () => {
		expect(findMentions('Écrivez à fatima@exemple.fr', members)).toEqual([]);
		expect(findMentions('@ @ @Personne', members)).toEqual([]);
		expect(findMentions('', members)).toEqual([]);
	});
});
