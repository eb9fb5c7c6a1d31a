/** What the charter's section and the server agree on (charter/charter.ts cohortCharter). */
export interface CharterView {
	access: 'facilitator' | 'participant' | 'overview';
	text: { body: string; version: number; updatedAt: number; updatedBy: string } | null;
	participantCount: number;
	acceptedCount: number;
	/** Who has not accepted the current version yet: for the cohort's facilitators only. */
	pending: { id: string; firstName: string }[];
	/** A participant's own acceptance. */
	mine: { accepted: boolean; acceptedAt: number | null } | null;
}
