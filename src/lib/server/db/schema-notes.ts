/** Shared notes of a live activity (migration 0022-notes). */
export interface ActivityNotesTable {
	activity_id: string;
	/** The merged Yjs document, base64 (Y.encodeStateAsUpdate). */
	state: string;
	/** Its plain text (the Y.Text 'notes'), kept in the same write. */
	text: string;
	/** 1: the cohort's participants may write too; 0: only its facilitators. */
	participants_write: number;
	updated_at: number;
}

export interface NotesTables {
	activity_notes: ActivityNotesTable;
}
