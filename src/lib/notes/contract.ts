/**
 * What the room page (browser) and the server agree on about an activity's shared notes. Nothing here may
 * import server code.
 */

/** The notes' Y.Text inside the activity's Y.Doc (both sides must name the same one). */
export const NOTES_TEXT = 'notes';
/** The longest the notes may grow: a few pages, enough for a session, small enough for a phone. */
export const NOTES_MAX_CHARS = 20_000;
/** The largest change one page may send at once (decoded bytes; base64 is a third more). */
export const NOTES_MAX_UPDATE_BYTES = 96_000;

/** The notes as one reader sees them (GET and POST …/notes answer the same shape). */
export interface NotesView {
	/** What the reader's page lacks (a Yjs update, base64), from the state vector it sent ('' = everything). */
	update: string;
	/** The server's state vector after this request (base64): the page's next change is computed against it. */
	stateVector: string;
	/** The plain text, for pages without the editor (read-only, export). */
	text: string;
	/** Whether this reader may write now. */
	canWrite: boolean;
	/** Whether the facilitator lets the participants write (facilitators change it). */
	participantsWrite: boolean;
	role: 'facilitator' | 'participant';
}
