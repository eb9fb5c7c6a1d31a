/**
 * Where a participant stands with one assignment (shared by the server's rules and the pages):
 * todo (nothing sent, still time) · late (nothing sent, due date passed) · sent (waiting for
 * feedback) · reviewed (feedback received) · redo (a new version is asked for) · waived (nothing sent, and the
 * facilitator let the person off it).
 */
export type AssignmentState = 'todo' | 'late' | 'sent' | 'reviewed' | 'redo' | 'waived';
