import type { Selectable } from 'kysely';

/** Tables of assignments and submissions (migration 0003-assignments). */
export type AssignmentMode = 'individual' | 'peers';
/** submitted: waiting for the facilitator; reviewed: feedback given; changes_requested: a new version is asked for. */
export type SubmissionStatus = 'submitted' | 'reviewed' | 'changes_requested';
/** Where a file came from on the phone: the camera button or the file chooser. */
export type SubmissionFileSource = 'camera' | 'file';

/** The instructions of an async activity. Without a row, the activity's objectives and end stand in. */
export interface AssignmentTable {
	activity_id: string;
	instructions: string;
	link: string | null;
	attachment_id: string | null;
	attachment_name: string | null;
	attachment_mime: string | null;
	attachment_size: number | null;
	attachment_sha256: string | null;
	due_at: number;
	mode: AssignmentMode;
	/** Peers mode: how many work together. */
	group_size: number | null;
	updated_by: string | null;
	updated_at: number;
}

/** One version of what a participant handed in for an async activity. */
export interface SubmissionTable {
	id: string;
	activity_id: string;
	user_id: string;
	version: number;
	text: string;
	status: SubmissionStatus;
	client_ref: string | null;
	submitted_at: number;
	feedback: string | null;
	feedback_by: string | null;
	feedback_at: number | null;
}

export interface SubmissionFileTable {
	/** Random id, also the file's name under DATA_DIR/uploads (never the user's file name). */
	id: string;
	submission_id: string;
	position: number;
	original_name: string;
	/** The type found in the bytes, not the one the browser claimed. */
	mime: string;
	size: number;
	sha256: string;
	width: number | null;
	height: number | null;
	source: SubmissionFileSource;
	created_at: number;
}

/** A facilitator let one person off one assignment (migration 0030): no longer expected of them. */
export interface AssignmentWaiverTable {
	activity_id: string;
	user_id: string;
	waived_by: string;
	waived_at: number;
	reason: string;
}

export interface AssignmentTables {
	assignment: AssignmentTable;
	submission: SubmissionTable;
	submission_file: SubmissionFileTable;
	assignment_waiver: AssignmentWaiverTable;
}

export type Assignment = Selectable<AssignmentTable>;
export type Submission = Selectable<SubmissionTable>;
export type SubmissionFile = Selectable<SubmissionFileTable>;
