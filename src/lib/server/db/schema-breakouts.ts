/** Breakouts for real facilitation: the message and timer to every group, and help calls (migration 0023). */

export interface BreakoutBoardTable {
	activity_id: string;
	/** '' = no message. */
	message: string;
	timer_minutes: number | null;
	timer_ends_at: number | null;
	updated_by: string;
	updated_at: number;
}

export interface BreakoutHelpTable {
	id: string;
	activity_id: string;
	user_id: string;
	group_number: number;
	called_at: number;
	/** When the facilitator visited the group or dismissed the call; null = still waiting. */
	cleared_at: number | null;
}

export interface BreakoutBoardTables {
	breakout_board: BreakoutBoardTable;
	breakout_help: BreakoutHelpTable;
}
