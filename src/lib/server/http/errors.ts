import type { m } from '#lib/paraglide/messages.js';

type Messages = typeof m;
type InputsOf<K extends keyof Messages> = NonNullable<Parameters<Messages[K]>[0]>;

/** A message that takes no parameter. */
type PlainMessage = { [K in keyof Messages]: object extends InputsOf<K> ? K : never }[keyof Messages];
/** A message whose one parameter is `value` ('form_too_long' with its limit). */
type ValueMessage = {
	[K in keyof Messages]: InputsOf<K> extends { value: unknown }
		? keyof InputsOf<K> extends 'value'
			? K
			: never
		: never;
}[keyof Messages];

/**
 * A message of the catalogue shown for an error: one without parameters ('error_forbidden'), or one
 * with its `value` after a '|' ('form_too_long|120'). A typo, or a message that needs other
 * parameters, fails `npm run check`.
 */
export type MessageKey = PlainMessage | `${ValueMessage}|${string}`;

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
