import type { m } from '#lib/paraglide/messages.js';

/**
 * A message of the catalogue (a typo fails `npm run check`), or one with a parameter after a '|'
 * ('form_too_long|120'; a union of every key with every parameter is more than TypeScript can hold).
 */
export type MessageKey = keyof typeof m | `${string}|${string}`;

/**
 * Errors the domain raises. `messageKey` names a Paraglide message shown to the user;
 * `message` carries developer context for logs.
 */
export class DomainError extends Error {
	constructor(
		readonly status: 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 429 | 503,
		readonly messageKey: MessageKey,
		context?: string
	) {
		super(context ?? messageKey);
	}
}

export const forbidden = (context?: string) => new DomainError(403, 'error_forbidden', context);
export const notFound = (context?: string) => new DomainError(404, 'error_not_found', context);
