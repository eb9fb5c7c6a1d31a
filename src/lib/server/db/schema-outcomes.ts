/** Tables of exits, follow-up checkpoints and the end-of-club questionnaire (migration 0012-outcomes). */
import type {
	Checkpoint,
	ContractDurationBand,
	EarlyReason,
	ExitEnding,
	OutcomeSource,
	RecordedSituation
} from '#lib/outcomes/situations.ts';

/** How the club ended for one participant of one cohort (one row per person and cohort). */
export interface ParticipantExitTable {
	cohort_id: string;
	user_id: string;
	/** 'YYYY-MM-DD', club time. */
	exit_date: string;
	ending: ExitEnding;
	/** Only when ending = 'left_early'. */
	early_reason: EarlyReason | null;
	recorded_by: string | null;
	recorded_at: number;
}

/**
 * A situation recorded for a person at a checkpoint (exit, +3, +6 months). Append-only: a new answer
 * for the same checkpoint supersedes the previous one (superseded_at set), keeping the history. The
 * current record of a checkpoint is the one with superseded_at null. 'no_news' is written by the
 * system when a checkpoint closes unanswered.
 */
export interface OutcomeRecordTable {
	id: string;
	cohort_id: string;
	user_id: string;
	checkpoint: Checkpoint;
	situation: RecordedSituation;
	/** For employment: the contract's duration band, when known. */
	contract_band: ContractDurationBand | null;
	source: OutcomeSource;
	/** Who wrote it (the person, a facilitator); null for the system or once erased. */
	recorded_by: string | null;
	recorded_at: number;
	superseded_at: number | null;
	note: string | null;
}

/** A facilitator's attempt to reach a person for a follow-up checkpoint. */
export interface FollowUpAttemptTable {
	id: string;
	cohort_id: string;
	user_id: string;
	checkpoint: Checkpoint;
	channel: 'phone' | 'sms' | 'email' | 'in_person';
	reached: number;
	attempted_by: string | null;
	attempted_at: number;
}

/** One person's answers to the end-of-club questionnaire (answers as a JSON object, text). */
export interface QuestionnaireResponseTable {
	id: string;
	cohort_id: string;
	user_id: string;
	answers: string;
	/** 1 when the person agreed to be named beside their answers. */
	named: number;
	submitted_at: number;
	updated_at: number;
}

export interface OutcomeTables {
	participant_exit: ParticipantExitTable;
	outcome_record: OutcomeRecordTable;
	follow_up_attempt: FollowUpAttemptTable;
	questionnaire_response: QuestionnaireResponseTable;
}
