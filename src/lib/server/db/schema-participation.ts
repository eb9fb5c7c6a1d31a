/** Participation figures of a live activity (migration 0025-participation). */
import type { Generated } from 'kysely';
import type { ParticipationSpanKind } from '#lib/room/contract.ts';

/** A stretch of time a person's room page saw them speak or show their camera, within their presences. */
export interface ParticipationSpanTable {
	id: string;
	activity_id: string;
	user_id: string;
	kind: ParticipationSpanKind;
	started_at: number;
	ended_at: number;
}

/** Counts of what a person did in an activity's rooms that leaves no row of its own. */
export interface ParticipationCountTable {
	activity_id: string;
	user_id: string;
	chat_messages: Generated<number>;
	hands_raised: Generated<number>;
}

export interface ParticipationTables {
	participation_span: ParticipationSpanTable;
	participation_count: ParticipationCountTable;
}
