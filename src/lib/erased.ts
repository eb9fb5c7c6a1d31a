/**
 * The marker an erased person's first name becomes. Pages show it as a translated "erased person"
 * (personName in names.ts); the erasure writes it (server/privacy/person.ts).
 */
export const ERASED_NAME = '∅';
