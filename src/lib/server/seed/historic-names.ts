/** First names of the demo's historic participants (the insights spec checks none reaches a figures page). */
export const HISTORIC_NAMES = [
	'Mathilde',
	'Ibrahima',
	'Nathalie',
	'Souleymane',
	'Agnieszka',
	'Bérénice',
	'Florentin',
	'Ghislaine',
	'Hamidou',
	'Jocelyne',
	'Ludovic',
	'Marceline',
	'Noureddine',
	'Océane',
	'Pascaline',
	'Rodrigue',
	'Samira',
	'Thibault',
	'Valentine',
	'Yannick',
	'Zoubida',
	'Aurélien',
	'Gwendoline',
	'Dimitri'
] as const;
/** The historic cohort kept under 5 people: its figures read "moins de 5". */
export const SMALL_HISTORIC_COHORT = 'Atelier découverte (petit groupe)';
