import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';

/** Random, unguessable row id (80 bits, 16 chars): portable across SQLite and PostgreSQL. */
export function newId(): string {
	const bytes = new Uint8Array(10);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}
