import * as v from 'valibot';
import { checkbox } from '#lib/server/http/validation.ts';

/** Base64 as Buffer writes it; the size limit itself is the domain's (a clear 413, not a generic 400). */
const base64 = (max: number) => v.pipe(v.string(), v.maxLength(max), v.regex(/^[A-Za-z0-9+/]*={0,2}$/));

/** A page's change to the notes: a Yjs update and the page's state vector after it (both base64). */
export const notesUpdateSchema = v.object({
	update: v.pipe(base64(400_000), v.minLength(1)),
	stateVector: base64(20_000)
});

/** GET …/notes?sv=…: what the page holds already. */
export const notesStateVectorSchema = base64(20_000);

/** The facilitator's switch: participants write the notes too (checked) or not. */
export const notesWritersSchema = v.object({ participantsWrite: checkbox });
