import { m } from '#lib/paraglide/messages.js';
import { ERASED_NAME } from './erased.ts';

/** A person's name as shown: an erased person reads "Personne effacée". */
export function personName(firstName: string | null | undefined, lastName?: string | null): string {
	if (firstName === ERASED_NAME) return m.privacy_erased_person();
	return [firstName, lastName].filter(Boolean).join(' ');
}
