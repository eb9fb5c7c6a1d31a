/** A first name as participants type it to log in: case, accents and spacing do not matter. */
export function nameKey(firstName: string): string {
	return firstName
		.normalize('NFD')
		.replace(/\p{Diacritic}/gu, '')
		.toLowerCase()
		.replace(/\s+/g, ' ')
		.trim();
}
