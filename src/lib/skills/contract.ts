/** What the skills pages and the server agree on (the database schema takes its types from here too). */
export type SkillLevel = 'not_yet' | 'with_help' | 'autonomous';
export type EvidenceSource = 'observed' | 'self' | 'facilitator';

/** One piece of evidence as the pages show it. */
export interface SkillEvidenceView {
	id: string;
	level: SkillLevel;
	source: EvidenceSource;
	event: string;
	at: number;
	recordedBy: string | null;
	note: string | null;
	/** What proved it, when the app can point to it. */
	place:
		| { kind: 'activity'; activityId: string; title: string }
		| { kind: 'salon' }
		| { kind: 'submission'; activityId: string; title: string }
		| { kind: 'comment'; cohortId: string; postId: string }
		| null;
}
