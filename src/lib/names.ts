import { m } from '$lib/paraglide/messages';

/** The marker an erased person's first name becomes (same as ERASED_NAME in src/lib/server/profiles/profiles.ts). */
export const ERASED_NAME = '∅';

/** A person's name as shown: an erased person reads "Personne effacée". */
export function personName(firstName: string | null | undefined, lastName?: string | null): string {
	if (firstName === ERASED_NAME) return m.privacy_erased_person();
	return [firstName, lastName].filter(Boolean).join(' ');
}
